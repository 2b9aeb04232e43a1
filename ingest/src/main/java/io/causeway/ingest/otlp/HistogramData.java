package io.causeway.ingest.otlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The buckets of one OTLP histogram data point, explicit ({@code bounds} and {@code counts}) or
 * exponential ({@code scale}, zero count, positive and negative buckets by offset), with what the
 * detectors need of it: the difference of two cumulative points and quantile estimates.
 *
 * @param count observations
 * @param sum their sum, NaN when the point has none
 * @param min smallest observation, NaN when unknown
 * @param max largest observation, NaN when unknown
 * @param bounds explicit bucket upper bounds (ascending), null for an exponential histogram
 * @param counts explicit bucket counts ({@code bounds.length + 1} of them), null for exponential
 * @param scale exponential scale: bucket {@code i} holds values in (base^i, base^(i+1)], base =
 *     2^(2^-scale)
 * @param zeroCount exponential: observations in the zero bucket
 * @param positiveOffset exponential: index of {@code positive[0]}
 * @param positive exponential: counts of the positive buckets
 * @param negativeOffset exponential: index of {@code negative[0]}
 * @param negative exponential: counts of the negative buckets (bucket i holds -(base^(i+1)) ..
 *     -(base^i))
 */
public record HistogramData(
    long count,
    double sum,
    double min,
    double max,
    double[] bounds,
    long[] counts,
    int scale,
    long zeroCount,
    int positiveOffset,
    long[] positive,
    int negativeOffset,
    long[] negative) {

  public static HistogramData explicit(long count, double sum, double min, double max, double[] bounds, long[] counts) {
    return new HistogramData(count, sum, min, max, bounds, counts, 0, 0, 0, null, 0, null);
  }

  public static HistogramData exponential(
      long count, double sum, double min, double max, int scale, long zeroCount, int positiveOffset, long[] positive, int negativeOffset, long[] negative) {
    return new HistogramData(count, sum, min, max, null, null, scale, zeroCount, positiveOffset, positive, negativeOffset, negative);
  }

  public boolean isExponential() {
    return bounds == null;
  }

  /**
   * What was observed between {@code previous} and this point of a cumulative series, or null when
   * the counts went down or the bucket layout cannot be aligned: a reset, after which this point's
   * counts are the difference. Min and max are unknown for an interval.
   */
  HistogramData minus(HistogramData previous) {
    if (count < previous.count || isExponential() != previous.isExponential()) {
      return null;
    }
    double sumDelta = sum - previous.sum;
    if (!isExponential()) {
      if (!Arrays.equals(bounds, previous.bounds) || counts.length != previous.counts.length) {
        return null;
      }
      long[] delta = new long[counts.length];
      for (int i = 0; i < counts.length; i++) {
        delta[i] = counts[i] - previous.counts[i];
        if (delta[i] < 0) {
          return null;
        }
      }
      return explicit(count - previous.count, sumDelta, Double.NaN, Double.NaN, bounds, delta);
    }
    if (scale > previous.scale || zeroCount < previous.zeroCount) {
      return null; // a cumulative histogram only ever lowers its scale
    }
    Buckets pos = Buckets.of(positiveOffset, positive).minus(Buckets.of(previous.positiveOffset, previous.positive).downscale(previous.scale - scale));
    Buckets neg = Buckets.of(negativeOffset, negative).minus(Buckets.of(previous.negativeOffset, previous.negative).downscale(previous.scale - scale));
    if (pos == null || neg == null) {
      return null;
    }
    return exponential(count - previous.count, sumDelta, Double.NaN, Double.NaN, scale, zeroCount - previous.zeroCount, pos.offset, pos.counts, neg.offset, neg.counts);
  }

  /**
   * The {@code q}-quantile (0..1) estimated by linear interpolation inside the bucket that holds
   * it (log-linear for exponential buckets), kept within min and max when known; NaN when empty.
   * The open first explicit bucket starts at min, else at 0 (or its bound when that is negative);
   * the open last bucket ends at max, else at the largest bound, as Prometheus estimates it.
   */
  public double quantile(double q) {
    List<double[]> buckets = ascendingBuckets(); // {lower, upper, count, logScale}
    long total = 0;
    for (double[] b : buckets) {
      total += (long) b[2];
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double seen = 0;
    double estimate = Double.NaN;
    for (double[] b : buckets) {
      if (b[2] > 0 && seen + b[2] >= rank) {
        double fraction = Math.min(1, Math.max(0, (rank - seen) / b[2]));
        estimate = b[3] > 0 && b[0] > 0 && b[1] > 0 ? b[0] * Math.pow(b[1] / b[0], fraction) : b[0] + (b[1] - b[0]) * fraction;
        break;
      }
      seen += b[2];
    }
    if (!Double.isNaN(min)) {
      estimate = Math.max(estimate, min);
    }
    if (!Double.isNaN(max)) {
      estimate = Math.min(estimate, max);
    }
    return estimate;
  }

  private List<double[]> ascendingBuckets() {
    List<double[]> out = new ArrayList<>();
    if (!isExponential()) {
      for (int i = 0; i < counts.length; i++) {
        double lower;
        double upper;
        if (bounds.length == 0) {
          lower = Double.isNaN(min) ? 0 : min;
          upper = Double.isNaN(max) ? lower : max;
        } else if (i == 0) {
          lower = !Double.isNaN(min) ? Math.min(min, bounds[0]) : Math.min(0, bounds[0]);
          upper = bounds[0];
        } else if (i == bounds.length) {
          lower = bounds[i - 1];
          upper = !Double.isNaN(max) ? Math.max(max, lower) : lower;
        } else {
          lower = bounds[i - 1];
          upper = bounds[i];
        }
        out.add(new double[] {lower, upper, counts[i], 0});
      }
      return out;
    }
    double base = Math.pow(2, Math.pow(2, -scale));
    for (int i = negative.length - 1; i >= 0; i--) {
      int index = negativeOffset + i;
      out.add(new double[] {-Math.pow(base, index + 1), -Math.pow(base, index), negative[i], 0});
    }
    out.add(new double[] {0, 0, zeroCount, 0});
    for (int i = 0; i < positive.length; i++) {
      int index = positiveOffset + i;
      out.add(new double[] {Math.pow(base, index), Math.pow(base, index + 1), positive[i], 1});
    }
    return out;
  }

  /** Exponential buckets by absolute index. */
  private record Buckets(int offset, long[] counts) {

    static Buckets of(int offset, long[] counts) {
      return new Buckets(offset, counts);
    }

    /** The same buckets at a scale {@code by} steps coarser: index i becomes i >> by. */
    Buckets downscale(int by) {
      if (by == 0 || counts.length == 0) {
        return new Buckets(offset >> by, counts);
      }
      int first = offset >> by;
      int last = (offset + counts.length - 1) >> by;
      long[] merged = new long[last - first + 1];
      for (int i = 0; i < counts.length; i++) {
        merged[((offset + i) >> by) - first] += counts[i];
      }
      return new Buckets(first, merged);
    }

    /** These counts less {@code earlier}'s, index by index; null when any would go negative. */
    Buckets minus(Buckets earlier) {
      long[] delta = counts.clone();
      for (int i = 0; i < earlier.counts.length; i++) {
        if (earlier.counts[i] == 0) {
          continue;
        }
        int at = earlier.offset + i - offset;
        if (at < 0 || at >= delta.length) {
          return null;
        }
        delta[at] -= earlier.counts[i];
        if (delta[at] < 0) {
          return null;
        }
      }
      return new Buckets(offset, delta);
    }
  }
}
