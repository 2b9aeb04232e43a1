package io.causeway.statequeries.views;

import java.util.List;

/**
 * RED figures of one service from the edges that call it: request rate (sum), error ratio
 * (errors over calls) and latency quantiles (the highest over its inbound edges, an upper bound
 * on the service's own quantile). Null when nothing calls the service.
 */
public record ServiceFigures(double requestsPerSecond, double errorRatio, double latencyP50Ms, double latencyP90Ms, double latencyP99Ms) {

  public static ServiceFigures fromInbound(List<EdgeView> inbound) {
    if (inbound.isEmpty()) {
      return null;
    }
    double rate = 0;
    long calls = 0;
    long errors = 0;
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    for (EdgeView edge : inbound) {
      rate += edge.callsPerSecond();
      calls += edge.calls();
      errors += edge.errors();
      p50 = Math.max(p50, edge.latencyP50Ms());
      p90 = Math.max(p90, edge.latencyP90Ms());
      p99 = Math.max(p99, edge.latencyP99Ms());
    }
    return new ServiceFigures(rate, calls == 0 ? 0.0 : (double) errors / calls, p50, p90, p99);
  }
}
