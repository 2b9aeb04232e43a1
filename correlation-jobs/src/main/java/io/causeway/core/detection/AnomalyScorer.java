package io.causeway.core.detection;

import java.io.Serializable;

/**
 * Scores each point of one series in [0, 1] as it arrives (no look-ahead), for benchmarks such as
 * NAB where one threshold is chosen afterwards. Three signs of novelty, the largest wins:
 *
 * <ul>
 *   <li>the value leaves the range seen so far (by a share of that range);
 *   <li>a robust z-score against an exponentially weighted level and mean absolute deviation that
 *       anomalous values cannot drag (they are clipped at four deviations before they update it);
 *   <li>a context never seen before: the last three values, each binned into eighths of the range
 *       seen so far, looked up in a 512-bit set (the idea of CAD OSE's contexts, in fixed space).
 * </ul>
 *
 * <p>The z-score and context signs are discounted by how often they fired lately: each keeps a
 * slowly forgetting rate of its own score (about {@value #RATE_MEMORY} points of memory) and is
 * multiplied by {@code exp(-}{@value #RATE_DISCOUNT}{@code  × rate)}, so a series whose jumps or
 * new contexts are routine (a square wave, regular spikes) stops alarming on them, while a rare
 * one keeps its full score. Leaving the range is never discounted.
 *
 * <p>Only the first of several novel points in a row scores high: a leaky peak of recent scores
 * (decaying by {@value #PEAK_DECAY} a point, a half-life of about 140 points) is subtracted, so one
 * anomaly gives one alarm. The first {@value #WARM_UP} points only teach.
 *
 * <p>State: a fixed 168 bytes per series on a 64-bit JVM with compressed pointers (an 88-byte
 * object and an 80-byte {@code long[8]}), whatever the series' length.
 */
public final class AnomalyScorer implements Serializable {

  /** Bytes of heap one scorer holds (object plus its context set), for capacity planning. */
  public static final int STATE_BYTES = 168;

  private static final long serialVersionUID = 2L;
  private static final int WARM_UP = 150;
  private static final int BINS = 8;
  private static final int CONTEXTS = BINS * BINS * BINS;
  /** Forgetting rate of the level and deviation (about 100 points of memory). */
  private static final double ALPHA = 0.01;
  private static final double CLIP_DEVIATIONS = 4;
  private static final double PEAK_DECAY = 0.995;
  private static final double CONTEXT_WEIGHT = 0.2;
  /** Points of memory of how often each sign fired. */
  private static final int RATE_MEMORY = 500;
  private static final double RATE_DISCOUNT = 10;

  private final long[] seenContexts = new long[CONTEXTS / 64];
  private long count;
  private double min;
  private double max;
  private double level;
  private double deviation;
  private double peak;
  private double zRate;
  private double contextRate;
  private int previousBin;
  private int binBeforeThat;

  /** The anomaly score of this point, in [0, 1]; non-finite values score 0 and teach nothing. */
  public double score(long timestampMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    count++;
    if (count == 1) {
      min = value;
      max = value;
      level = value;
      return 0;
    }
    double range = Math.max(max - min, 1e-9);
    double outOfRange = outOfRange(value, range);
    double z = zScore(value, range);
    double context = novelContext(value, range);
    double raw = Math.max(outOfRange, Math.max(discounted(z, zRate), CONTEXT_WEIGHT * discounted(context, contextRate)));
    learn(value, z, context);
    double alarm = Math.max(0, raw - peak);
    peak = Math.max(peak * PEAK_DECAY, raw);
    return count < WARM_UP ? 0 : alarm;
  }

  /** A sign's score, discounted by how often it fired lately ({@code exp} only when it fires). */
  private static double discounted(double score, double rate) {
    return score == 0 ? 0 : score * Math.exp(-RATE_DISCOUNT * rate);
  }

  /** 0 inside the range seen so far, towards 1 as the value leaves it by a tenth of it and more. */
  private double outOfRange(double value, double range) {
    double outside = value > max ? value - max : value < min ? min - value : 0;
    return 1 - Math.exp(-outside / range / 0.1);
  }

  /** 0 up to four robust deviations from the level, then towards 1. */
  private double zScore(double value, double range) {
    double z = Math.abs(value - level) / Math.max(deviation, 1e-3 * range);
    return z > CLIP_DEVIATIONS ? 1 - Math.exp(-(z - CLIP_DEVIATIONS) / 4) : 0;
  }

  /** 1 if the last three binned values never occurred together before (then remembers them). */
  private int novelContext(double value, double range) {
    int bin = (int) Math.max(0, Math.min(BINS - 1, Math.floor((value - min) / range * BINS)));
    int context = (binBeforeThat * BINS + previousBin) * BINS + bin;
    long mask = 1L << (context & 63);
    boolean novel = (seenContexts[context >>> 6] & mask) == 0;
    seenContexts[context >>> 6] |= mask;
    binBeforeThat = previousBin;
    previousBin = bin;
    return novel ? 1 : 0;
  }

  private void learn(double value, double z, double context) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    double limit = CLIP_DEVIATIONS * deviation;
    double clipped = count < 30 ? value : Math.max(level - limit, Math.min(level + limit, value));
    double alpha = Math.max(ALPHA, 1.0 / count);
    deviation += alpha * (Math.abs(clipped - level) - deviation);
    level += alpha * (clipped - level);
    double rateAlpha = Math.max(1.0 / RATE_MEMORY, 1.0 / count);
    zRate += rateAlpha * (z - zRate);
    contextRate += rateAlpha * (context - contextRate);
  }
}
