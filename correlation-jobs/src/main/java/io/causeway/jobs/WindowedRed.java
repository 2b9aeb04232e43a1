package io.causeway.jobs;

/** RED figures of one key (edge or service) over one event-time window. */
public record WindowedRed(
    String key,
    String label,
    long windowStart,
    long windowEnd,
    long calls,
    long errors,
    double latencyP50Ms,
    double latencyP90Ms,
    double latencyP99Ms) {

  public double errorRatio() {
    return calls == 0 ? 0.0 : (double) errors / calls;
  }

  public double callsPerSecond() {
    return calls * 1000.0 / Math.max(1, windowEnd - windowStart);
  }
}
