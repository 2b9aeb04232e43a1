package io.causeway.core.topology;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an edge's RED figures moved enough between two windows to be worth a CHANGED
 * delta in the graph's history: an error ratio moving by at least {@code errorRatioStep}, or a p90
 * latency growing or shrinking by at least {@code latencyFactor} (and by more than a millisecond,
 * so sub-millisecond jitter never counts).
 */
public record RedShift(double errorRatioStep, double latencyFactor) implements java.io.Serializable {

  /** Ratios such as 0.06 − 0.01 land a hair under 0.05 in binary floating point. */
  private static final double EPSILON = 1e-9;

  public static RedShift defaults() {
    return new RedShift(0.05, 2.0);
  }

  public Optional<String> between(
      double errorRatioBefore, double p90Before, double errorRatioAfter, double p90After) {
    if (Math.abs(errorRatioAfter - errorRatioBefore) >= errorRatioStep - EPSILON) {
      return Optional.of(String.format(Locale.ROOT, "errorRatio %.3f -> %.3f", errorRatioBefore, errorRatioAfter));
    }
    double low = Math.min(p90Before, p90After);
    double high = Math.max(p90Before, p90After);
    if (high - low > 1.0 && high >= low * latencyFactor) {
      return Optional.of(String.format(Locale.ROOT, "latencyP90Ms %.1f -> %.1f", p90Before, p90After));
    }
    return Optional.empty();
  }
}
