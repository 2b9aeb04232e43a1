package io.causeway.benchmarks.throughput;

import java.util.Arrays;

/**
 * How far a reader had got over time: samples of (records so far, nanoTime), in order. A rate is
 * taken from the first sample at or past a warm-up count to the last sample, so that what the
 * JIT compiler and cold caches cost at the start of a run can be left out of a steady-state rate.
 */
public final class Progress {

  private long[] counts = new long[1024];
  private long[] nanos = new long[1024];
  private int size;

  public void add(long count, long at) {
    if (size == counts.length) {
      counts = Arrays.copyOf(counts, size * 2);
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    counts[size] = count;
    nanos[size] = at;
    size++;
  }

  public long last() {
    return size == 0 ? 0 : counts[size - 1];
  }

  /** Records and seconds from the first sample with at least {@code warmup} records (and one) to the last. */
  public ReadRate rateAfter(long warmup) {
    int from = firstAtLeast(Math.max(warmup, 1));
    if (from < 0 || size == 0) {
      throw new IllegalStateException("no sample past " + warmup + " records");
    }
    return new ReadRate(counts[size - 1] - counts[from], Math.max((nanos[size - 1] - nanos[from]) / 1e9, 1e-3));
  }

  /**
   * Records per second through each of {@code parts} equal slices of the records the samples
   * cover (from the first sample to the last), to show how the rate settles over a run.
   */
  public double[] ratesBySlice(int parts) {
    double[] rates = new double[parts];
    if (size < 2) {
      return rates;
    }
    long first = counts[0];
    long span = counts[size - 1] - first;
    int previous = 0;
    for (int part = 1; part <= parts; part++) {
      int at = part == parts ? size - 1 : Math.max(firstAtLeast(first + span * part / parts), previous);
      double seconds = (nanos[at] - nanos[previous]) / 1e9;
      rates[part - 1] = seconds > 0 ? (counts[at] - counts[previous]) / seconds : Double.NaN;
      previous = at;
    }
    return rates;
  }

  private int firstAtLeast(long count) {
    for (int i = 0; i < size; i++) {
      if (counts[i] >= count) {
        return i;
      }
    }
    return -1;
  }
}
