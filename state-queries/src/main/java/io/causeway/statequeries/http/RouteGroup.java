package io.causeway.statequeries.http;

import java.util.List;

/** A set of endpoints the server answers, e.g. the read API, the operations probes, the write API. */
public interface RouteGroup {
  List<Route> routes();
}
