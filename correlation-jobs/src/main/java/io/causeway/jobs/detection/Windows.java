package io.causeway.jobs.detection;

import java.time.Duration;

/** Event-time windows as the detection settings use them, and the check of their widths. */
final class Windows {

  private Windows() {}

  /** End (exclusive) of the {@code width} window holding {@code timestampMillis}, aligned as Flink's tumbling windows. */
  static long endOf(long timestampMillis, Duration width) {
    long size = width.toMillis();
    return timestampMillis - Math.floorMod(timestampMillis, size) + size;
  }

  /** Refuses a missing, zero or negative duration, naming the configuration key to fix. */
  static void requirePositive(Duration duration, String key) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, e.g. 5s, was " + duration);
    }
  }
}
