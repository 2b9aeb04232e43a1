package io.causeway.core.topology;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

/**
 * RED figures of one edge or service over one window: call count, errors, and latency in a
 * DDSketch (1% relative accuracy, mergeable, at most {@value #MAX_BINS} bins whatever the traffic,
 * collapsing the lowest bins first so the high quantiles stay exact).
 */
public final class EdgeStats {

  private static final double RELATIVE_ACCURACY = 0.01;
  private static final int MAX_BINS = 1024;

  private long calls;
  private long errors;
  private DDSketch latencyMillis = DDSketches.collapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);

  public EdgeStats add(long durationMicros, boolean error) {
    calls++;
    if (error) {
      errors++;
    }
    latencyMillis.accept(Math.max(durationMicros, 1) / 1000.0);
    return this;
  }

  public EdgeStats merge(EdgeStats other) {
    calls += other.calls;
    errors += other.errors;
    if (other.calls > 0) {
      latencyMillis.mergeWith(other.latencyMillis);
    }
    return this;
  }

  public long calls() {
    return calls;
  }

  public long errors() {
    return errors;
  }

  public double errorRatio() {
    return calls == 0 ? 0.0 : (double) errors / calls;
  }

  /** Latency quantile in milliseconds, 0 when the window saw no calls. */
  public double latencyMillis(double quantile) {
    return calls == 0 ? 0.0 : latencyMillis.getValueAtQuantile(quantile);
  }
}
