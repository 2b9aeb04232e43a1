package io.causeway.core.detection;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A streaming detector for one series: a robust baseline (median and MAD of the last normal
 * points, which one spike cannot move), a direction rule, a minimum effect size, and persistence
 * (several anomalous points in a row) so one noisy point never pages anyone. Anomalous points stay
 * out of the baseline, so a long fault does not teach the detector that the fault is normal —
 * until {@code acceptAfter} points, when a persisting level shift becomes the new normal. A run
 * that ends before it is confirmed (a lone spike) was ordinary variation and joins the baseline.
 *
 * <p>Series with recurring spikes (a p99 that hits a timeout now and then) have a small MAD and
 * a long tail: a point is only far from normal if it also lies beyond the baseline's own extremes
 * (its {@value #TAIL_QUANTILE} quantile the way it deviates, once the baseline holds {@value
 * #TAIL_MIN_POINTS} points), so what the series does every so often is never news.
 *
 * <p>State is a ring of {@code baselineSize} doubles plus a few counters: about {@code 8 ×
 * baselineSize + 64} bytes, twice the ring while a run is kept to seed a new level (about 0.5 to 1
 * KB with the defaults).
 */
public final class RobustDetector implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Scales a MAD to a standard deviation for normally distributed data. */
  private static final double MAD_TO_SIGMA = 1.4826;
  static final double TAIL_QUANTILE = 0.95;
  static final int TAIL_MIN_POINTS = 20;

  private final DetectorSettings settings;
  private final double[] baseline;
  private int filled;
  private int next;

  private int anomalousRun;
  private int harmlessRun;
  private int normalRun;
  private long runOnsetMillis;
  private double runPeakScore;
  private boolean confirmed;
  private double[] runValues;

  public RobustDetector(DetectorSettings settings) {
    this.settings = settings;
    this.baseline = new double[settings.baselineSize()];
    this.runValues = new double[0];
  }

  /**
   * Judges the next point. {@code sinceMillis} is when the point's interval began (see {@link
   * SeriesClock}): a run's onset is the first anomalous point's.
   */
  public Judgement observe(long sinceMillis, double value) {
    if (!Double.isFinite(value)) {
      return new Judgement(Judgement.Verdict.NORMAL, 0, 0, value, value);
    }
    if (filled < settings.minBaseline()) {
      remember(value);
      return new Judgement(Judgement.Verdict.WARMING_UP, 0, 0, value, value);
    }
    double[] sorted = sortedBaseline();
    double expected = medianOf(sorted);
    double score = robustScore(value, expected);
    if (!isFarFrom(expected, value, score) || withinUsualTail(sorted, value, expected)) {
      return onNormalPoint(value, expected, score);
    }
    if (settings.direction().admits(value - expected)) {
      return onAnomalousPoint(sinceMillis, value, expected, score);
    }
    return onHarmlessShift(value, expected, score);
  }

  /**
   * A large move the direction rule does not report (a latency drop, say) is no anomaly, but it
   * stays out of the baseline too: otherwise the return to the usual level after a long drop
   * would look like a rise. Only when it lasts {@code acceptAfter} points is it the new normal.
   */
  private Judgement onHarmlessShift(double value, double expected, double score) {
    if (anomalousRun > 0) {
      return onNormalPoint(value, expected, score);
    }
    harmlessRun++;
    keepRunValue(value);
    if (harmlessRun >= settings.acceptAfter()) {
      acceptNewLevel();
    }
    return new Judgement(Judgement.Verdict.NORMAL, 0, score, value, expected);
  }

  private Judgement onAnomalousPoint(long sinceMillis, double value, double expected, double score) {
    normalRun = 0;
    if (harmlessRun > 0) {
      resetRun();
    }
    if (anomalousRun == 0) {
      runOnsetMillis = sinceMillis;
      runPeakScore = 0;
    }
    anomalousRun++;
    runPeakScore = Math.max(runPeakScore, Math.abs(score));
    keepRunValue(value);
    if (anomalousRun >= settings.acceptAfter()) {
      acceptNewLevel();
      return new Judgement(Judgement.Verdict.RECOVERED, runOnsetMillis, score, value, expected);
    }
    if (confirmed) {
      return new Judgement(Judgement.Verdict.ONGOING, runOnsetMillis, runPeakScore, value, expected);
    }
    if (anomalousRun >= settings.persistence()) {
      confirmed = true;
      return new Judgement(Judgement.Verdict.CONFIRMED, runOnsetMillis, runPeakScore, value, expected);
    }
    return new Judgement(Judgement.Verdict.SUSPECT, runOnsetMillis, score, value, expected);
  }

  private Judgement onNormalPoint(double value, double expected, double score) {
    boolean briefRun = (anomalousRun > 0 && !confirmed) || (harmlessRun > 0 && harmlessRun < settings.persistence());
    if (briefRun) {
      learnUnconfirmedRun();
    }
    remember(value);
    if (harmlessRun > 0) {
      resetRun();
    }
    if (anomalousRun == 0) {
      return new Judgement(Judgement.Verdict.NORMAL, 0, score, value, expected);
    }
    normalRun++;
    if (!confirmed || normalRun >= settings.recovery()) {
      boolean wasConfirmed = confirmed;
      resetRun();
      return new Judgement(
          wasConfirmed ? Judgement.Verdict.RECOVERED : Judgement.Verdict.NORMAL,
          0,
          score,
          value,
          expected);
    }
    return new Judgement(Judgement.Verdict.ONGOING, runOnsetMillis, runPeakScore, value, expected);
  }

  /** Far enough from normal to matter, in either direction: score and effect size both large. */
  private boolean isFarFrom(double expected, double value, double score) {
    double magnitude = Math.abs(value - expected);
    return Math.abs(score) >= settings.threshold()
        && magnitude >= settings.minAbsoluteChange()
        && magnitude >= settings.minRelativeChange() * Math.abs(expected);
  }

  /** Whether the baseline itself went this far (beyond its tail quantile) the same way. */
  private boolean withinUsualTail(double[] sorted, double value, double expected) {
    if (sorted.length < TAIL_MIN_POINTS) {
      return false;
    }
    double upper = sorted[(int) Math.floor(TAIL_QUANTILE * (sorted.length - 1))];
    double lower = sorted[(int) Math.ceil((1 - TAIL_QUANTILE) * (sorted.length - 1))];
    return value > expected ? value <= upper : value >= lower;
  }

  /** (value − median) / σ̂, with σ̂ from the MAD, floored so a flat baseline is not infinitely sharp. */
  private double robustScore(double value, double median) {
    double[] deviations = new double[filled];
    for (int i = 0; i < filled; i++) {
      deviations[i] = Math.abs(baseline[i] - median);
    }
    Arrays.sort(deviations);
    double sigma = MAD_TO_SIGMA * medianOf(deviations);
    double floor = Math.max(Math.abs(median) * 0.01, 1e-9);
    floor = Math.max(floor, settings.minAbsoluteChange() / settings.threshold());
    return (value - median) / Math.max(sigma, floor);
  }

  private double[] sortedBaseline() {
    double[] sorted = Arrays.copyOf(baseline, filled);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The median of values already sorted. */
  private static double medianOf(double[] values) {
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  }

  private void remember(double value) {
    baseline[next] = value;
    next = (next + 1) % baseline.length;
    filled = Math.min(filled + 1, baseline.length);
  }

  /** Keeps the latest run values (bounded by the baseline size) to seed a new level. */
  private void keepRunValue(double value) {
    if (runValues.length < baseline.length) {
      runValues = Arrays.copyOf(runValues, runValues.length + 1);
    } else {
      System.arraycopy(runValues, 1, runValues, 0, runValues.length - 1);
    }
    runValues[runValues.length - 1] = value;
  }

  /**
   * A run that ended before it was confirmed (a lone spike, a dip shorter than the persistence)
   * was the series' own
   * variation after all: it joins the baseline, so that spikes the series has every so often
   * widen its tail instead of alarming forever.
   */
  private void learnUnconfirmedRun() {
    for (double v : runValues) {
      remember(v);
    }
  }

  private void acceptNewLevel() {
    Arrays.fill(baseline, 0);
    filled = 0;
    next = 0;
    for (double v : runValues) {
      remember(v);
    }
    resetRun();
  }

  private void resetRun() {
    anomalousRun = 0;
    harmlessRun = 0;
    normalRun = 0;
    confirmed = false;
    runPeakScore = 0;
    runValues = new double[0];
  }
}
