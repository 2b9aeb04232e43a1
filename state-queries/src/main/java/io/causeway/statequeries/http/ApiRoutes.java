package io.causeway.statequeries.http;

import io.causeway.avro.Incident;
import io.causeway.statequeries.query.GraphQueries;
import io.causeway.statequeries.query.IncidentQueries;
import io.causeway.statequeries.query.IncidentSummary;
import io.causeway.statequeries.query.OutOfRangeException;
import io.causeway.statequeries.query.ServiceQueries;
import io.causeway.statequeries.query.StatusFilter;
import io.causeway.statequeries.views.Graph;
import io.causeway.statequeries.views.NodeView;
import io.causeway.statequeries.views.Page;
import io.causeway.statequeries.views.PageCollector;
import io.causeway.statequeries.views.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The JSON API's endpoints over the queries. */
public final class ApiRoutes implements RouteGroup {

  /** Lists answer at most this many items unless the request asks for fewer. */
  static final int DEFAULT_LIMIT = 50;

  private final GraphQueries graph;
  private final ServiceQueries services;
  private final IncidentQueries incidents;
  private final Clock clock;
  private final int maxLimit;

  public ApiRoutes(GraphQueries graph, ServiceQueries services, IncidentQueries incidents, Clock clock, int maxLimit) {
    this.graph = graph;
    this.services = services;
    this.incidents = incidents;
    this.clock = clock;
    this.maxLimit = maxLimit;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.api("/api/graph", "/api/graph", Set.of("at"), (path, params) ->
            Reply.ok(params.has("at") ? rangeChecked(() -> graph.at(params.instant("at", null))) : graph.current())),
        Route.api("/api/graph/diff", "/api/graph/diff", Set.of("from", "to"), (path, params) -> {
          Instant from = params.instant("from", null);
          Instant to = params.instant("to", null);
          if (from.isAfter(to)) {
            throw ApiException.badRequest("'from' (" + from + ") must not be after 'to' (" + to + ")");
          }
          return Reply.ok(rangeChecked(() -> graph.diff(from, to)));
        }),
        Route.api("/api/services", "/api/services", Set.of("limit", "offset"), (path, params) ->
            Reply.ok(servicePage(params.page(DEFAULT_LIMIT, maxLimit)))),
        Route.api("/api/services/{name}", "/api/services/(.+)", Set.of("since", "limit"), (path, params) -> {
          Instant since = params.instant("since", clock.instant().minus(Duration.ofHours(1)));
          int limit = params.integer("limit", 20, 1, maxLimit);
          return Reply.ok(services.service(path.get(0), since, limit)
              .orElseThrow(() -> ApiException.notFound("no service '" + path.get(0) + "' in the graph, anomalies or changes")));
        }),
        Route.api("/api/anomalies", "/api/anomalies", Set.of("service", "from", "to", "limit", "offset"), (path, params) -> {
          Instant to = params.instant("to", clock.instant());
          Instant from = params.instant("from", to.minus(Duration.ofHours(1)));
          if (from.isAfter(to)) {
            throw ApiException.badRequest("'from' (" + from + ") must not be after 'to' (" + to + ")");
          }
          return Reply.ok(services.anomalies(params.text("service", null), from, to, params.page(DEFAULT_LIMIT, maxLimit)));
        }),
        Route.api("/api/incidents", "/api/incidents", Set.of("status", "limit", "offset"), (path, params) ->
            Reply.ok(incidents.list(statusOf(params), params.page(DEFAULT_LIMIT, maxLimit)))),
        Route.api("/api/incidents/{id}", "/api/incidents/([^/]+)", Set.of(), (path, params) -> {
          Incident latest = incidents.latest(path.get(0)).orElseThrow(() -> unknownIncident(path.get(0)));
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("incident", latest);
          body.put("versions", incidents.versions(path.get(0)).stream().map(IncidentSummary::of).toList());
          body.put("acks", incidents.acks(path.get(0)));
          body.put("feedback", incidents.feedback(path.get(0)));
          return Reply.ok(body);
        }),
        Route.api("/api/incidents/{id}/versions/{version}", "/api/incidents/([^/]+)/versions/([^/]+)", Set.of(), (path, params) -> {
          int version = versionOf(path.get(1));
          return Reply.ok(incidents.version(path.get(0), version)
              .orElseThrow(() -> ApiException.notFound("no version " + version + " of incident '" + path.get(0) + "'")));
        }),
        Route.api("/api/memory", "/api/memory", Set.of("limit", "offset"), (path, params) ->
            Reply.ok(incidents.memories(params.page(DEFAULT_LIMIT, maxLimit)))),
        Route.api("/api/memory/{fingerprint}", "/api/memory/(.+)", Set.of(), (path, params) ->
            Reply.ok(incidents.memory(path.get(0))
                .orElseThrow(() -> ApiException.notFound("no incident memory with fingerprint '" + path.get(0) + "'")))));
  }

  private Page<NodeView> servicePage(PageRequest request) {
    Graph current = graph.current();
    PageCollector<NodeView> page = new PageCollector<>(request);
    current.nodes().forEach(node -> page.offer(() -> node));
    return page.page();
  }

  private static StatusFilter statusOf(Params params) {
    try {
      return StatusFilter.parse(params.text("status", "open"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static int versionOf(String text) {
    try {
      int version = Integer.parseInt(text);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("version must be a whole number from 1, was '" + text + "'");
  }

  private static ApiException unknownIncident(String id) {
    return ApiException.notFound("no incident '" + id + "'");
  }

  private static <T> T rangeChecked(Supplier<T> query) {
    try {
      return query.get();
    } catch (OutOfRangeException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
