package io.causeway.benchmarks.statequeries;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one endpoint answered under load: completed requests, failures (any answer but 200, or no
 * answer), throughput over the measured wall time and latency quantiles (nearest rank).
 */
record EndpointFigures(String endpoint, long requests, long errors, double seconds, double p50Ms, double p99Ms,
    double maxMs, long meanBytes, String firstError) {

  /**
   * Summarises {@code latenciesNanos} (one per completed request, in any order) measured over
   * {@code wallNanos}.
   */
  static EndpointFigures of(String endpoint, long[] latenciesNanos, long wallNanos, long errors, long bytes, String firstError) {
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return new EndpointFigures(endpoint, n, errors, wallNanos / 1e9,
        quantile(sorted, 0.50) / 1e6, quantile(sorted, 0.99) / 1e6, n == 0 ? 0 : sorted[n - 1] / 1e6,
        n == 0 ? 0 : bytes / n, firstError);
  }

  /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  /** The figures as JSON fields, rounded to microseconds; ratios against {@code baseline} when given. */
  Map<String, Object> toJson(EndpointFigures baseline) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requests", requests);
    json.put("errors", errors);
    json.put("requestsPerSecond", round(requestsPerSecond(), 1));
    json.put("p50Ms", round(p50Ms, 3));
    json.put("p99Ms", round(p99Ms, 3));
    json.put("maxMs", round(maxMs, 3));
    json.put("meanBytes", meanBytes);
    if (baseline != null) {
      json.put("p50VsBaseline", round(ratio(p50Ms, baseline.p50Ms), 2));
      json.put("p99VsBaseline", round(ratio(p99Ms, baseline.p99Ms), 2));
      json.put("throughputVsBaseline", round(ratio(requestsPerSecond(), baseline.requestsPerSecond()), 3));
    }
    if (firstError != null) {
      json.put("firstError", firstError);
    }
    return json;
  }

  static double ratio(double value, double baseline) {
    return baseline <= 0 ? 0 : value / baseline;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
