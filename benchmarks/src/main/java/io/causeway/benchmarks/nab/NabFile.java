package io.causeway.benchmarks.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One NAB data file: its path relative to {@code data/} (NAB's key, e.g. {@code
 * realKnownCause/nyc_taxi.csv}), its rows, and its labelled anomaly windows.
 */
public record NabFile(String name, LocalDateTime[] timestamps, double[] values, List<Window> windows) {

  /** A labelled anomaly window, both ends inclusive. */
  public record Window(LocalDateTime start, LocalDateTime end) {}

  public NabFile {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but " + values.length + " values");
    }
    windows = List.copyOf(windows);
  }

  public int length() {
    return values.length;
  }

  /** NAB's probationary period: the first {@code min(floor(0.15 × rows), 750)} rows are not scored. */
  public int probationaryLength() {
    return probationaryLength(length());
  }

  static int probationaryLength(int rows) {
    return (int) Math.min(Math.floor(NabCorpus.PROBATION_PERCENT * rows), NabCorpus.PROBATION_PERCENT * 5000);
  }
}
