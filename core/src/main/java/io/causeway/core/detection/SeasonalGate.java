package io.causeway.core.detection;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Second opinion on a {@link RobustDetector}'s judgements from the series' daily and weekly rhythm:
 * a confirmed anomaly is not reported while its values are what this hour of the week held on each
 * of the last {@value #DAYS} days it was seen (traffic that doubles every weekday at 9:00, a
 * nightly batch that lifts latency).
 *
 * <p>A slot is an hour of the day, weekdays and weekends apart ({@link SeasonalProfile#slot}, UTC).
 * For each slot the gate keeps, for each of the last {@value #DAYS} days it held points, the
 * highest level the hour held for {@code persistence} points in a row and the lowest (so one spike
 * does not widen the hour, just as one spike does not confirm an anomaly). A slot is warm once it
 * holds {@value #DAYS} days. A point is usual for a warm slot when, on the side the detector sees
 * it move, it lies within the smallest of those days' extremes plus the detector's own minimum
 * effect ({@code minAbsoluteChange}, {@code minRelativeChange} of the extreme): the same distance
 * the detector demands from its median. The evidence must be unanimous, so one bad day at this
 * hour never hides the next fault; a level never seen at this hour on every recent day is news.
 *
 * <p>The combined judgement follows the detector's own rules: an anomaly is confirmed when the
 * detector reports it and the last {@code persistence} points were all unusual for their slot
 * (onset at the first of them, so at the detector's onset for a fault that is unusual from its
 * first point), and ends when the detector's run ends or after {@code recovery} usual points. A
 * point whose slot is not warm is never usual: until a slot has {@value #DAYS} days, every
 * judgement is the detector's own, unchanged. Points from an hour before the current one are
 * judged but not learned.
 *
 * <p>State, fixed whatever the series' length (as JOL measures it on a 64-bit JVM with compressed
 * pointers): one or two arrays of {@value #SLOTS} × {@value #DAYS} floats (592 bytes each with the
 * header; the high side for detectors that look up, the low side for those that look down, both
 * for both), a ring of {@code persistence} floats (32 bytes for three) and this object's 80: 704
 * bytes for latency, errors, saturation and log counts, 1,296 for traffic and resources, plus 136
 * for its own copy of the settings once read back from a state backend.
 */
public final class SeasonalGate implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Days of each slot kept, and needed before the slot vetoes anything. */
  static final int DAYS = 3;

  static final int SLOTS = SeasonalProfile.SLOTS;
  private static final long MILLIS_AN_HOUR = 3_600_000L;

  private final DetectorSettings settings;
  /** Slot-major: days {@code slot × DAYS .. slot × DAYS + DAYS - 1}, newest first; NaN when empty. */
  private final float[] highs;
  private final float[] lows;
  /** The last {@code persistence} values of the current hour. */
  private final float[] recent;

  private long hour = Long.MIN_VALUE;
  private int hourPoints;
  private float hourHigh = Float.NaN;
  private float hourLow = Float.NaN;

  private int unusualRun;
  private long unusualOnsetMillis;
  private boolean reporting;
  private long reportOnsetMillis;
  private int usualRun;

  public SeasonalGate(DetectorSettings settings) {
    this.settings = settings;
    this.highs = settings.direction().admits(1) ? emptyDays() : null;
    this.lows = settings.direction().admits(-1) ? emptyDays() : null;
    this.recent = new float[settings.persistence()];
  }

  /**
   * Judges a point the detector has judged, then learns it. Returns the detector's judgement
   * itself unless this hour's history overrules it. {@code sinceMillis} is when the point's
   * interval began (see {@link SeriesClock}), as the detector was told.
   */
  public Judgement judge(long timestampMillis, long sinceMillis, double value, Judgement detector) {
    if (!Double.isFinite(value)) {
      return detector;
    }
    boolean usual = isUsual(timestampMillis, value, detector.expected());
    learn(timestampMillis, value);
    return combine(sinceMillis, detector, usual);
  }

  private Judgement combine(long sinceMillis, Judgement detector, boolean usual) {
    boolean detectorAnomalous =
        detector.isReportable() || detector.verdict() == Judgement.Verdict.SUSPECT;
    if (detectorAnomalous && !usual) {
      if (unusualRun++ == 0) {
        unusualOnsetMillis = sinceMillis;
      }
    } else {
      unusualRun = 0;
    }
    if (!detector.isReportable()) {
      reporting = false;
      return detector;
    }
    if (reporting) {
      usualRun = usual ? usualRun + 1 : 0;
      if (usualRun < settings.recovery()) {
        return withVerdict(detector, Judgement.Verdict.ONGOING, reportOnsetMillis);
      }
      reporting = false;
      return withVerdict(detector, Judgement.Verdict.RECOVERED, 0);
    }
    if (unusualRun >= settings.persistence()) {
      reporting = true;
      usualRun = 0;
      reportOnsetMillis = Math.max(detector.onsetMillis(), unusualOnsetMillis);
      return withVerdict(detector, Judgement.Verdict.CONFIRMED, reportOnsetMillis);
    }
    return unusualRun > 0
        ? withVerdict(detector, Judgement.Verdict.SUSPECT, unusualOnsetMillis)
        : withVerdict(detector, Judgement.Verdict.NORMAL, 0);
  }

  /** The detector's judgement with another verdict and onset; itself if those are unchanged. */
  private static Judgement withVerdict(Judgement detector, Judgement.Verdict verdict, long onsetMillis) {
    if (detector.verdict() == verdict && detector.onsetMillis() == onsetMillis) {
      return detector;
    }
    return new Judgement(verdict, onsetMillis, detector.score(), detector.observed(), detector.expected());
  }

  /**
   * Whether every stored day of this slot went at least this far the way the value lies from the
   * detector's expectation, give or take the detector's minimum effect. False for a cold slot.
   */
  private boolean isUsual(long timestampMillis, double value, double expected) {
    boolean up = value >= expected;
    float[] days = up ? highs : lows;
    if (days == null) {
      return false;
    }
    int first = SeasonalProfile.slot(timestampMillis) * DAYS;
    double bound = up ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (int i = first; i < first + DAYS; i++) {
      if (Float.isNaN(days[i])) {
        return false;
      }
      bound = up ? Math.min(bound, days[i]) : Math.max(bound, days[i]);
    }
    double effect = Math.max(settings.minAbsoluteChange(), settings.minRelativeChange() * Math.abs(bound));
    return up ? value <= bound + effect : value >= bound - effect;
  }

  /** Adds the value to the current hour's held extremes, storing the last hour when a new one starts. */
  private void learn(long timestampMillis, double value) {
    long pointHour = Math.floorDiv(timestampMillis, MILLIS_AN_HOUR);
    if (pointHour < hour) {
      return;
    }
    if (pointHour > hour) {
      storeHour();
      hour = pointHour;
      hourPoints = 0;
      hourHigh = Float.NaN;
      hourLow = Float.NaN;
    }
    recent[hourPoints % recent.length] = (float) value;
    hourPoints++;
    if (hourPoints >= recent.length) {
      float held = recent[0];
      float heldDown = recent[0];
      for (float v : recent) {
        held = Math.min(held, v);
        heldDown = Math.max(heldDown, v);
      }
      hourHigh = Float.isNaN(hourHigh) ? held : Math.max(hourHigh, held);
      hourLow = Float.isNaN(hourLow) ? heldDown : Math.min(hourLow, heldDown);
    }
  }

  /** Shifts the finished hour's extremes into its slot as the newest day; nothing if it held too few points. */
  private void storeHour() {
    if (Float.isNaN(hourHigh)) {
      return;
    }
    int first = SeasonalProfile.slot(hour * MILLIS_AN_HOUR) * DAYS;
    pushDay(highs, first, hourHigh);
    pushDay(lows, first, hourLow);
  }

  private static void pushDay(float[] days, int first, float extreme) {
    if (days != null) {
      System.arraycopy(days, first, days, first + 1, DAYS - 1);
      days[first] = extreme;
    }
  }

  private static float[] emptyDays() {
    float[] days = new float[SLOTS * DAYS];
    Arrays.fill(days, Float.NaN);
    return days;
  }
}
