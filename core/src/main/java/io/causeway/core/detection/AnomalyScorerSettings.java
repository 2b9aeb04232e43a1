package io.causeway.core.detection;

import java.io.Serializable;

/**
 * The constants of an {@link AnomalyScorer}: one set for every series. {@code bench nab --folds}
 * chooses them on other files than those it scores; the defaults are what that search chooses on
 * all of NAB's dev files (from the constants an earlier session had tuned on the same files, so
 * the defaults are in-sample for those files).
 *
 * @param rangeTolerance a value this share of the range seen so far beyond it scores 1 outright
 *     (Numenta's NAB detector: 5%)
 * @param minDeviationShare a seasonal slot's deviation is never taken below this share of the
 *     series' overall mean absolute deviation
 * @param slotMemory visits of a seasonal slot its level and deviation remember
 * @param surpriseFrom deviations from the slot's level where surprise starts (and where teaching
 *     values are clipped)
 * @param surpriseScale deviations beyond {@code surpriseFrom} over which surprise rises to {@code 1
 *     - 1/e}
 * @param likelihoodMemory points the anomaly likelihood's distribution of averaged surprise
 *     remembers
 * @param shiftAfter surprising points in a row, all to the same side, after which the whole series
 *     is taken to have shifted by their mean residual, in every slot at once; 0: each slot learns a
 *     shift alone, over its own visits
 */
public record AnomalyScorerSettings(
    double rangeTolerance,
    double minDeviationShare,
    int slotMemory,
    double surpriseFrom,
    double surpriseScale,
    int likelihoodMemory,
    int shiftAfter)
    implements Serializable {

  public static final AnomalyScorerSettings DEFAULTS = new AnomalyScorerSettings(0.05, 0.5, 50, 3, 4, 10000, 0);

  public AnomalyScorerSettings {
    require(rangeTolerance > 0, "rangeTolerance > 0");
    require(minDeviationShare >= 0, "minDeviationShare >= 0");
    require(slotMemory >= 1, "slotMemory >= 1");
    require(surpriseFrom > 0 && surpriseScale > 0, "surpriseFrom > 0 and surpriseScale > 0");
    require(likelihoodMemory >= 1, "likelihoodMemory >= 1");
    require(shiftAfter >= 0, "shiftAfter >= 0");
  }

  public AnomalyScorerSettings withRangeTolerance(double value) {
    return new AnomalyScorerSettings(value, minDeviationShare, slotMemory, surpriseFrom, surpriseScale, likelihoodMemory, shiftAfter);
  }

  public AnomalyScorerSettings withMinDeviationShare(double value) {
    return new AnomalyScorerSettings(rangeTolerance, value, slotMemory, surpriseFrom, surpriseScale, likelihoodMemory, shiftAfter);
  }

  public AnomalyScorerSettings withSlotMemory(int value) {
    return new AnomalyScorerSettings(rangeTolerance, minDeviationShare, value, surpriseFrom, surpriseScale, likelihoodMemory, shiftAfter);
  }

  public AnomalyScorerSettings withSurpriseFrom(double value) {
    return new AnomalyScorerSettings(rangeTolerance, minDeviationShare, slotMemory, value, surpriseScale, likelihoodMemory, shiftAfter);
  }

  public AnomalyScorerSettings withSurpriseScale(double value) {
    return new AnomalyScorerSettings(rangeTolerance, minDeviationShare, slotMemory, surpriseFrom, value, likelihoodMemory, shiftAfter);
  }

  public AnomalyScorerSettings withLikelihoodMemory(int value) {
    return new AnomalyScorerSettings(rangeTolerance, minDeviationShare, slotMemory, surpriseFrom, surpriseScale, value, shiftAfter);
  }

  public AnomalyScorerSettings withShiftAfter(int value) {
    return new AnomalyScorerSettings(rangeTolerance, minDeviationShare, slotMemory, surpriseFrom, surpriseScale, likelihoodMemory, value);
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("invalid anomaly scorer settings: " + rule);
    }
  }
}
