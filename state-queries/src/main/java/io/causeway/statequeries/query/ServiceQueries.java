package io.causeway.statequeries.query;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.schemas.AvroCodec;
import io.causeway.statequeries.store.Keys;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import io.causeway.statequeries.views.EdgeView;
import io.causeway.statequeries.views.Page;
import io.causeway.statequeries.views.PageCollector;
import io.causeway.statequeries.views.PageRequest;
import io.causeway.statequeries.views.ServiceFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Services: their edges and figures, anomalies and changes. An anomaly is open while the
 * detector keeps reporting it: its latest report ({@code detectedAt}) is within {@code openFor}
 * of now.
 */
public final class ServiceQueries {

  private final ViewStore store;
  private final GraphQueries graph;
  private final Clock clock;
  private final Duration openFor;
  private final AvroCodec<Anomaly> anomalies = AvroCodec.of(Anomaly.class);
  private final AvroCodec<ChangeEvent> changes = AvroCodec.of(ChangeEvent.class);

  public ServiceQueries(ViewStore store, GraphQueries graph, Clock clock, Duration openFor) {
    this.store = store;
    this.graph = graph;
    this.clock = clock;
    this.openFor = openFor;
  }

  /** Empty when the service is on no edge and has no anomaly or change. */
  public Optional<ServiceView> service(String name, Instant changesSince, int limit) {
    List<EdgeView> out = new ArrayList<>();
    List<EdgeView> in = new ArrayList<>();
    for (var edge : graph.currentEdges()) {
      EdgeView view = EdgeView.of(edge);
      if (view.caller().equals(name)) {
        out.add(view);
      }
      if (view.callee().equals(name)) {
        in.add(view);
      }
    }
    List<Anomaly> open = openAnomalies(name, limit);
    List<ChangeEvent> recent = recentChanges(name, changesSince, limit);
    if (out.isEmpty() && in.isEmpty() && open.isEmpty() && recent.isEmpty() && !hasAnyAnomaly(name)) {
      return Optional.empty();
    }
    return Optional.of(new ServiceView(name, ServiceFigures.fromInbound(in), out, in, open, recent));
  }

  /** Anomalies with onset in {@code [from, to]}, oldest onset first; one service or all (null). */
  public Page<Anomaly> anomalies(String service, Instant from, Instant to, PageRequest request) {
    PageCollector<Anomaly> page = new PageCollector<>(request);
    if (service != null) {
      store.scan(View.ANOMALIES, ViewKeys.serviceFrom(service, from), ViewKeys.serviceFrom(service, to.plusMillis(1)), (k, v) -> {
        page.offer(() -> Decoding.decode(anomalies, v));
        return true;
      });
      return page.page();
    }
    store.scan(View.ANOMALIES, new byte[0], null, (k, v) -> {
      Instant onset = onsetOf(k);
      if (!onset.isBefore(from) && !onset.isAfter(to)) {
        page.offer(() -> Decoding.decode(anomalies, v));
      }
      return true;
    });
    return page.page();
  }

  /** Open anomalies of one service, newest onset first, at most {@code limit}. */
  public List<Anomaly> openAnomalies(String service, int limit) {
    Instant openSince = clock.instant().minus(openFor);
    List<Anomaly> open = new ArrayList<>();
    store.scanPrefix(View.ANOMALIES, ViewKeys.service(service), (k, v) -> {
      Anomaly anomaly = Decoding.decode(anomalies, v);
      if (!anomaly.getDetectedAt().isBefore(openSince)) {
        open.add(anomaly);
      }
      return true;
    });
    Collections.reverse(open);
    return open.subList(0, Math.min(limit, open.size()));
  }

  /** Open anomalies per service, for every service that has one. */
  public Map<String, Integer> openAnomalyCounts() {
    Instant openSince = clock.instant().minus(openFor);
    Map<String, Integer> counts = new TreeMap<>();
    store.scan(View.ANOMALIES, new byte[0], null, (k, v) -> {
      Anomaly anomaly = Decoding.decode(anomalies, v);
      if (!anomaly.getDetectedAt().isBefore(openSince)) {
        counts.merge(anomaly.getService().toString(), 1, Integer::sum);
      }
      return true;
    });
    return counts;
  }

  /** Changes of one service at or after {@code since}, newest first, at most {@code limit}. */
  public List<ChangeEvent> recentChanges(String service, Instant since, int limit) {
    List<ChangeEvent> recent = new ArrayList<>();
    store.scan(View.CHANGES, ViewKeys.serviceFrom(service, since), Keys.after(ViewKeys.service(service)), (k, v) -> {
      recent.add(Decoding.decode(changes, v));
      return true;
    });
    Collections.reverse(recent);
    return recent.subList(0, Math.min(limit, recent.size()));
  }

  private boolean hasAnyAnomaly(String service) {
    boolean[] any = {false};
    store.scanPrefix(View.ANOMALIES, ViewKeys.service(service), (k, v) -> {
      any[0] = true;
      return false;
    });
    return any[0];
  }

  static Instant onsetOf(byte[] anomalyKey) {
    int end = Keys.textAt(anomalyKey, 0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
    return Keys.timeAt(anomalyKey, end);
  }
}
