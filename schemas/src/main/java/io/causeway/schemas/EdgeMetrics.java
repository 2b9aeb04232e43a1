package io.causeway.schemas;

/**
 * How a metric point on {@code telemetry.metrics} says it measures one call edge rather than a
 * whole service: its {@code service} is the callee and its label {@value #CALLER} names the
 * caller, as a service mesh reports each edge (Istio's source and destination workloads, say).
 */
public final class EdgeMetrics {

  /** The label naming the calling service of an edge metric. */
  public static final String CALLER = "caller";

  /**
   * The median latency of the edge's calls as the caller measured them (its client side or its
   * proxy, the network between them included), in milliseconds.
   */
  public static final String LATENCY_P50 = "edge.latency.p50";

  private EdgeMetrics() {}
}
