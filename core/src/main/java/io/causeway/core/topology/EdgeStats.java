package io.causeway.core.topology;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

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

  /**
   * The figures as they were written by {@link #encodedLatency()}: a sketch decoded into a fresh
   * one of the same kind (same mapping, same bin budget), so it merges and answers as the original.
   */
  public static EdgeStats restore(long calls, long errors, byte[] encodedLatency) {
    EdgeStats stats = new EdgeStats();
    stats.calls = calls;
    stats.errors = errors;
    try {
      stats.latencyMillis.decodeAndMergeWith(ByteArrayInput.wrap(encodedLatency));
    } catch (IOException e) {
      throw new UncheckedIOException("malformed latency sketch", e);
    }
    return stats;
  }

  /** The latency sketch in DDSketch's own compact encoding: its bins, not the mapping, which is fixed here. */
  public byte[] encodedLatency() {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
    try {
      latencyMillis.encode(out, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode latency sketch", e); // an in-memory output does not fail
    }
    return out.trimmedCopy();
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
