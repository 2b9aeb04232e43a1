package io.causeway.core.detection;

import java.io.Serializable;

/**
 * When the interval each point of a series stands for began. A point sums up the time since the
 * one before it (a window's p90 stamped at the window's end, a one-minute CPU sample stamped when
 * it was scraped), so what it shows may have begun any time after the previous point: that is the
 * earliest an anomaly it starts can have begun, and what its onset says. Stamping the onset at the
 * point itself put a metric's symptom up to a sample later than the log line that shows the same
 * moment, and later than a neighbour's symptom that came after it.
 *
 * <p>How far back is bounded by the series' shortest spacing so far (its window or scrape
 * interval), so a point after a gap in the data does not reach back into the gap. A series' first
 * point, a point out of order, and one whose series has no spacing yet stand for their own instant.
 *
 * <p>State: two longs.
 */
public final class SeriesClock implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long NONE = Long.MIN_VALUE;

  private long lastPointMillis = NONE;
  private long shortestSpacingMillis = Long.MAX_VALUE;

  /** Start of the interval that the point stamped {@code timestampMillis} stands for. */
  public long intervalStart(long timestampMillis) {
    if (lastPointMillis == NONE || timestampMillis <= lastPointMillis || shortestSpacingMillis == Long.MAX_VALUE) {
      return timestampMillis;
    }
    return Math.max(lastPointMillis, timestampMillis - shortestSpacingMillis);
  }

  /** Records a point; an out-of-order one leaves the clock where it was. */
  public void advance(long timestampMillis) {
    if (lastPointMillis != NONE && timestampMillis <= lastPointMillis) {
      return;
    }
    if (lastPointMillis != NONE) {
      shortestSpacingMillis = Math.min(shortestSpacingMillis, timestampMillis - lastPointMillis);
    }
    lastPointMillis = timestampMillis;
  }
}
