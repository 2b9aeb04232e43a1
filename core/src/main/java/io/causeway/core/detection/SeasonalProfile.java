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
 * <p>A shift of the whole series that persists (a deploy, a resized host) would otherwise surprise
 * each hour in turn, on its first visits after the shift, for a day or a week. With {@link
 * AnomalyScorerSettings#shiftAfter()} set, that many surprising points in a row on the same side
 * are taken as such a shift: an offset shared by every slot takes their mean residual, so the new
 * level stops surprising at once; a shorter burst changes nothing.
 *
 * <p>State: three arrays of 48 entries (two of doubles, 400 bytes each with their headers, and one
 * of bytes, 64), plus this object's 48: 912 bytes.
 */
final class SeasonalProfile implements Serializable {

  private static final long serialVersionUID = 2L;
  static final int HOURS = 24;
  static final int SLOTS = 2 * HOURS;
  /** Visits of a slot before it judges. */
  private static final int MIN_VISITS = 3;
  private static final byte MAX_VISITS = 100;
  /** {@code 1.0 / n} for every visit count n: a slot learns at no division per point. */
  private static final double[] ONE_OVER = reciprocals(MAX_VISITS);
  private static final long MILLIS_AN_HOUR = 3_600_000L;
  private static final long HOURS_A_WEEK = 7 * HOURS;

  /** Shared by every series: the slot memory, where surprise starts and how it rises, shifts. */
  private final AnomalyScorerSettings settings;
  private final double[] level = new double[SLOTS];
  private final double[] deviation = new double[SLOTS];
  private final byte[] visits = new byte[SLOTS];
  /** How far the whole series has moved from its slots' levels: every slot's forecast adds it. */
  private double offset;
  /** Surprising points in a row off to the same side (negative: below), and their residuals' sum. */
  private int run;
  private double runSum;

  SeasonalProfile(AnomalyScorerSettings settings) {
    this.settings = settings;
  }

  /**
   * The surprise of this value in [0, 1] (0 within {@link AnomalyScorerSettings#surpriseFrom()} deviations of its slot's
   * level), then learns it. {@code minDeviation} keeps a quiet slot from calling every small wobble
   * a surprise.
   */
  double surprise(long timestampMillis, double value, double minDeviation) {
    int slot = slot(timestampMillis);
    int seen = visits[slot];
    double scale = Math.max(deviation[slot], minDeviation);
    double residual = value - level[slot] - offset;
    double surpriseFrom = settings.surpriseFrom();
    double surprise = 0;
    if (seen >= MIN_VISITS && scale > 0) {
      double z = Math.abs(residual) / scale;
      surprise = z > surpriseFrom ? 1 - Math.exp(-(z - surpriseFrom) / settings.surpriseScale()) : 0;
      followShift(surprise > 0 ? residual : 0);
    }
    if (seen < MAX_VISITS) {
      visits[slot] = (byte) ++seen;
    }
    learn(slot, seen, residual, surpriseFrom * scale);
    return surprise;
  }

  /**
   * The slot learns the residual, clipped once it has seen a few visits, so one outage does not
   * become the hour's normal.
   */
  private void learn(int slot, int seen, double residual, double limit) {
    double clipped = seen > MIN_VISITS ? Math.max(-limit, Math.min(limit, residual)) : residual;
    double rate = ONE_OVER[Math.min(settings.slotMemory(), seen)];
    deviation[slot] += rate * (Math.abs(clipped) - deviation[slot]);
    level[slot] += rate * clipped;
  }

  /**
   * Counts surprising points in a row off to the same side; after {@link
   * AnomalyScorerSettings#shiftAfter()} of them the
   * whole series has shifted: the offset takes their mean residual, so a level that persists stops
   * surprising at once in every slot (where each slot alone would need many visits to learn it).
   */
  private void followShift(double surprisingResidual) {
    int shiftAfter = settings.shiftAfter();
    if (shiftAfter == 0) {
      return;
    }
    if (surprisingResidual == 0 || (run > 0) != (surprisingResidual > 0)) {
      run = 0;
      runSum = 0;
    }
    if (surprisingResidual != 0) {
      run += surprisingResidual > 0 ? 1 : -1;
      runSum += surprisingResidual;
      if (Math.abs(run) >= shiftAfter) {
        offset += runSum / Math.abs(run);
        run = 0;
        runSum = 0;
      }
    }
  }

  /** Hour of the day (UTC), plus {@value #HOURS} on Saturdays and Sundays. */
  static int slot(long timestampMillis) {
    int hourOfWeek = (int) Math.floorMod(Math.floorDiv(timestampMillis, MILLIS_AN_HOUR), HOURS_A_WEEK);
    // 1970-01-01, hour 0 of this count, was a Thursday: days 2 and 3 are Saturday and Sunday.
    int day = hourOfWeek / HOURS;
    int hour = hourOfWeek - day * HOURS;
    return day == 2 || day == 3 ? HOURS + hour : hour;
  }

  private static double[] reciprocals(int max) {
    double[] table = new double[max + 1];
    for (int n = 1; n <= max; n++) {
      table[n] = 1.0 / n;
    }
    return table;
  }
}
