package io.causeway.core.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.SignalKind;
import java.time.Duration;
import java.time.Instant;

/** Fixtures: the Online Boutique call graph, and anomalies and changes on it at named instants. */
final class OnlineBoutique {

  static final String FRONTEND = "frontend";
  static final String AD = "adservice";
  static final String CART = "cartservice";
  static final String CHECKOUT = "checkoutservice";
  static final String CURRENCY = "currencyservice";
  static final String EMAIL = "emailservice";
  static final String PAYMENT = "paymentservice";
  static final String CATALOG = "productcatalogservice";
  static final String RECOMMENDATION = "recommendationservice";
  static final String SHIPPING = "shippingservice";
  static final String REDIS = "redis-cart";

  /** Calls per second leaving frontend, the only entry service: 125 in all. */
  static final double FRONTEND_TOTAL_RATE = 125.0;

  /** When the fault began. */
  static final Instant FAULT_ONSET = Instant.parse("2025-03-14T09:00:00Z");
  /** Detectors confirm three one-minute windows after the onset. */
  static final Duration CONFIRMATION_DELAY = Duration.ofMinutes(3);

  private OnlineBoutique() {}

  static ServiceGraph graph() {
    return ServiceGraph.builder()
        .edge(FRONTEND, AD, 10)
        .edge(FRONTEND, CART, 20)
        .edge(FRONTEND, CHECKOUT, 5)
        .edge(FRONTEND, CURRENCY, 30)
        .edge(FRONTEND, CATALOG, 40)
        .edge(FRONTEND, RECOMMENDATION, 15)
        .edge(FRONTEND, SHIPPING, 5)
        .edge(CHECKOUT, CART, 5)
        .edge(CHECKOUT, CURRENCY, 5)
        .edge(CHECKOUT, EMAIL, 5)
        .edge(CHECKOUT, PAYMENT, 5)
        .edge(CHECKOUT, CATALOG, 5)
        .edge(CHECKOUT, SHIPPING, 5)
        .edge(RECOMMENDATION, CATALOG, 15)
        .edge(CART, REDIS, 25)
        .build();
  }

  static Anomaly latency(String service, double score, Instant onset) {
    return anomaly(service, "red.latency.p90", SignalKind.LATENCY, score, onset, 400.0, 80.0);
  }

  /** A slowed edge's latency p90, charged (as the detector does) to its callee. */
  static Anomaly slowEdge(String caller, String callee, double score) {
    return Anomaly.newBuilder(anomaly(callee, "edge.latency.p90", SignalKind.LATENCY, score, FAULT_ONSET, 600.0, 20.0))
        .setId(caller + "->" + callee + "/edge.latency.p90").setEdge(caller + "->" + callee).build();
  }

  static Anomaly errors(String service, double score, Instant onset) {
    return anomaly(service, "red.error.ratio", SignalKind.ERRORS, score, onset, 0.4, 0.01);
  }

  static Anomaly cpu(String service, double score, Instant onset) {
    return anomaly(service, "container.cpu.utilization", SignalKind.SATURATION, score, onset, 0.98, 0.35);
  }

  static Anomaly anomaly(
      String service, String signal, SignalKind kind, double score, Instant onset, double observed, double expected) {
    return Anomaly.newBuilder()
        .setId(service + "/" + signal + "@" + onset.toEpochMilli())
        .setService(service)
        .setSignal(signal)
        .setKind(kind)
        .setOnset(onset)
        .setDetectedAt(onset.plus(CONFIRMATION_DELAY))
        .setScore(score)
        .setObserved(observed)
        .setExpected(expected)
        .build();
  }

  static ChangeEvent change(String id, String service, ChangeType type, Instant at, String version) {
    return ChangeEvent.newBuilder()
        .setId(id)
        .setService(service)
        .setType(type)
        .setTimestamp(at)
        .setVersion(version)
        .setAuthor("ci-bot")
        .setDescription("rollout " + version)
        .setSource("argocd")
        .build();
  }
}
