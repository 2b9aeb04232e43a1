package io.causeway.core.detection;

import java.io.Serializable;

/**
 * What a series usually does at this time of the week: a robust level and deviation for each hour
 * of the day, kept apart for weekdays and weekends (48 slots, by the UTC clock of the point's
 * timestamp). A point's surprise is how far it lies from its own slot's level, in deviations.
 *
 * <p>Each slot learns as an exponentially weighted level and mean absolute deviation with a memory
 * of {@link AnomalyScorerSettings#slotMemory() about 50} visits of that slot, and a value is clipped at {@link
 * AnomalyScorerSettings#surpriseFrom() 3} deviations before it teaches, so one outage does not become the hour's normal
 * (a lasting change still does, within a few dozen visits, as the clipped updates widen the
 * deviation). A series without a daily rhythm simply gets 48 slowly moving levels. Memory is
 * counted in visits, so it spans days for series sampled every few minutes (12 visits an hour at
 * five minutes) and shrinks towards minutes for series sampled every few seconds.
 *
 * <p>State: three arrays of 48 entries (two of doubles, 400 bytes each with their headers, and one
 * of bytes, 64), plus this object's 24: 888 bytes.
 */
final class SeasonalProfile implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int HOURS = 24;
  static final int SLOTS = 2 * HOURS;
  /** Visits of a slot before it judges. */
  private static final int MIN_VISITS = 3;
  private static final byte MAX_VISITS = 100;
  private static final long MINUTES_A_DAY = 24 * 60;
  private static final long MINUTES_A_WEEK = 7 * MINUTES_A_DAY;

  /** Forgetting rate of a slot per visit. */
  private final double alpha;
  /** Deviations from the slot's level where surprise starts, and where teaching values are clipped. */
  private final double surpriseFrom;
  /** Deviations beyond {@link #surpriseFrom} over which surprise rises to {@code 1 - 1/e}. */
  private final double surpriseScale;
  private final double[] level = new double[SLOTS];
  private final double[] deviation = new double[SLOTS];
  private final byte[] visits = new byte[SLOTS];

  SeasonalProfile(AnomalyScorerSettings settings) {
    this.alpha = 1.0 / settings.slotMemory();
    this.surpriseFrom = settings.surpriseFrom();
    this.surpriseScale = settings.surpriseScale();
  }

  /**
   * The surprise of this value in [0, 1] (0 within {@code surpriseFrom} deviations of its slot's
   * level), then learns it. {@code minDeviation} keeps a quiet slot from calling every small wobble
   * a surprise.
   */
  double surprise(long timestampMillis, double value, double minDeviation) {
    int slot = slot(timestampMillis);
    int seen = visits[slot];
    double scale = Math.max(deviation[slot], minDeviation);
    double surprise = 0;
    if (seen >= MIN_VISITS && scale > 0) {
      double z = Math.abs(value - level[slot]) / scale;
      surprise = z > surpriseFrom ? 1 - Math.exp(-(z - surpriseFrom) / surpriseScale) : 0;
    }
    if (seen < MAX_VISITS) {
      visits[slot] = (byte) ++seen;
    }
    double limit = surpriseFrom * scale;
    double clipped = seen <= MIN_VISITS ? value : Math.max(level[slot] - limit, Math.min(level[slot] + limit, value));
    double rate = Math.max(alpha, 1.0 / seen);
    deviation[slot] += rate * (Math.abs(clipped - level[slot]) - deviation[slot]);
    level[slot] += rate * (clipped - level[slot]);
    return surprise;
  }

  /** Hour of the day (UTC), plus {@value #HOURS} on Saturdays and Sundays. */
  static int slot(long timestampMillis) {
    long minuteOfWeek = Math.floorMod(Math.floorDiv(timestampMillis, 60_000L), MINUTES_A_WEEK);
    // 1970-01-01, minute 0 of this count, was a Thursday: days 2 and 3 are Saturday and Sunday.
    long day = minuteOfWeek / MINUTES_A_DAY;
    int hour = (int) (minuteOfWeek % MINUTES_A_DAY / 60);
    return day == 2 || day == 3 ? HOURS + hour : hour;
  }
}
