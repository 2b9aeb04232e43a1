package io.causeway.statequeries;

import io.causeway.statequeries.materialize.CatchUp;
import io.causeway.statequeries.query.GraphQueries;
import io.causeway.statequeries.query.IncidentQueries;
import io.causeway.statequeries.query.ServiceQueries;
import io.causeway.statequeries.views.Graph;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges of {@code /metrics}, read from the views when Prometheus scrapes:
 * {@code causeway_incidents_open}, {@code causeway_anomalies_open{service}},
 * {@code causeway_graph_nodes}, {@code causeway_graph_edges},
 * {@code causeway_consumer_lag_records{topic}} and {@code causeway_statequeries_ready}.
 */
final class StateMetrics {

  private final GraphQueries graph;
  private final ServiceQueries services;
  private final IncidentQueries incidents;
  private final CatchUp catchUp;
  private final AtomicLong openIncidents = new AtomicLong();
  private final AtomicLong nodes = new AtomicLong();
  private final AtomicLong edges = new AtomicLong();
  private final MultiGauge anomaliesOpen;
  private final MultiGauge consumerLag;

  StateMetrics(MeterRegistry meters, GraphQueries graph, ServiceQueries services, IncidentQueries incidents, CatchUp catchUp) {
    this.graph = graph;
    this.services = services;
    this.incidents = incidents;
    this.catchUp = catchUp;
    Gauge.builder("causeway.incidents.open", openIncidents, AtomicLong::get).description("incidents OPEN or UPDATED").register(meters);
    Gauge.builder("causeway.graph.nodes", nodes, AtomicLong::get).description("services and peers in the current graph").register(meters);
    Gauge.builder("causeway.graph.edges", edges, AtomicLong::get).description("edges in the current graph").register(meters);
    Gauge.builder("causeway.statequeries.ready", catchUp, c -> c.ready() ? 1 : 0).description("1 once caught up with the topics' end offsets at start").register(meters);
    anomaliesOpen = MultiGauge.builder("causeway.anomalies.open").description("open anomalies per service").register(meters);
    consumerLag = MultiGauge.builder("causeway.consumer.lag").baseUnit("records").description("records behind the end of each topic").register(meters);
  }

  /** Reads the current figures from the views. */
  void refresh() {
    openIncidents.set(incidents.countOpen());
    Graph current = graph.current();
    nodes.set(current.nodes().size());
    edges.set(current.edges().size());
    anomaliesOpen.register(services.openAnomalyCounts().entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("service", e.getKey()), e.getValue()))
        .toList(), true);
    consumerLag.register(catchUp.lagByTopic().entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey()), e.getValue()))
        .toList(), true);
  }
}
