package io.causeway.core.detection;

import java.io.Serializable;

/**
 * Scores each point of one series in [0, 1] as it arrives (no look-ahead), for benchmarks such as
 * NAB where one threshold is chosen afterwards. The method is Numenta's detector with a different
 * raw score — a prediction error from the series' weekly rhythm instead of HTM's:
 *
 * <ol>
 *   <li><b>Raw score</b>: the {@link SeasonalProfile surprise} of the value next to what this hour
 *       of the day (weekdays and weekends apart) usually holds — 0 within three deviations of the
 *       hour's robust level, rising towards 1 beyond. A deviation is never taken below half the
 *       series' overall mean absolute deviation (about {@value #LEVEL_MEMORY} points of memory), so
 *       an hour that happened to be quiet does not alarm on ordinary noise.
 *   <li><b>Likelihood</b>: Numenta's {@link AnomalyLikelihood anomaly likelihood} of the average of
 *       the last ten raw scores next to that average's own history, on Numenta's log scale, with
 *       its filter that keeps only the first of several alarming points in a row (a row being as
 *       long as the averaging window). This makes one threshold fit quiet and noisy series alike, and one
 *       burst give one alarm.
 *   <li><b>Leaving the range</b>: as Numenta's NAB detector, a value more than {@link
 *       AnomalyScorerSettings#rangeTolerance() 5%} of the range seen so far above its maximum or below its minimum scores 1.
 * </ol>
 *
 * <p>One set of {@link AnomalyScorerSettings constants} for every series; the first {@value
 * #WARM_UP} points only teach, and the likelihood judges from about the 300th point on. Non-finite
 * values score 0 and teach nothing. The constants are not on a plateau: on NAB's dev files a
 * neighbouring round value of one of them moves a category's score by up to 25 points (the
 * realKnownCause files, whose score rests on a few windows), which is why {@code bench nab
 * --folds} chooses them on other files than those it scores.
 *
 * <p>State: a fixed {@value #STATE_BYTES} bytes per series on a 64-bit JVM with compressed
 * pointers, whatever the series' length (as JOL measures it): this object (72 bytes), the seasonal
 * profile (48, plus 2 × 400 for its level and deviation arrays and 64 for its visit counts) and
 * the likelihood (64, plus 56 for its ring of ten raw scores), beside one settings object (56)
 * that every series shares. Every part is a fixed-size array or field, so nothing grows with the
 * series. Java serialisation writes about 1.7 KB.
 */
public final class AnomalyScorer implements Serializable {

  /** Bytes of heap one scorer holds (objects and arrays), for capacity planning. */
  public static final int STATE_BYTES = 1104;

  private static final long serialVersionUID = 4L;
  static final int WARM_UP = 150;
  /** Points of memory of the overall level and mean absolute deviation. */
  private static final int LEVEL_MEMORY = 100;
  private static final double LEVEL_RATE = 1.0 / LEVEL_MEMORY;
  /** The overall level ignores values this many (clipped) deviations away. */
  private static final double LEVEL_CLIP = 4;

  private final AnomalyScorerSettings settings;
  private final SeasonalProfile profile;
  private final AnomalyLikelihood likelihood;
  private long count;
  private double min;
  private double max;
  private double level;
  private double clippedDeviation;
  private double deviation;

  /** A scorer with the {@linkplain AnomalyScorerSettings#DEFAULTS default} constants. */
  public AnomalyScorer() {
    this(AnomalyScorerSettings.DEFAULTS);
  }

  public AnomalyScorer(AnomalyScorerSettings settings) {
    this.settings = settings;
    this.profile = new SeasonalProfile(settings);
    this.likelihood = new AnomalyLikelihood(settings.likelihoodMemory());
  }

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
    double range = max - min;
    double tolerance = settings.rangeTolerance() * range;
    boolean outOfRange = range > 0 && (value > max + tolerance || value < min - tolerance);
    double minDeviation = Math.max(settings.minDeviationShare() * deviation, 1e-3 * range);
    double raw = profile.surprise(timestampMillis, value, minDeviation);
    double likely = likelihood.score(raw);
    learn(value);
    return count <= WARM_UP ? 0 : outOfRange ? 1 : likely;
  }

  private void learn(double value) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    // max(1 / LEVEL_MEMORY, 1 / count) without a division per point once the memory is full
    double alpha = count >= LEVEL_MEMORY ? LEVEL_RATE : 1.0 / count;
    double limit = LEVEL_CLIP * clippedDeviation;
    double clipped = count < 30 ? value : Math.max(level - limit, Math.min(level + limit, value));
    clippedDeviation += alpha * (Math.abs(clipped - level) - clippedDeviation);
    deviation += alpha * (Math.abs(value - level) - deviation);
    level += alpha * (clipped - level);
  }
}
