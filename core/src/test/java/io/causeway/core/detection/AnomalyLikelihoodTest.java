package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {

  private static final int JUDGES_FROM = AnomalyLikelihood.SKIPPED + AnomalyLikelihood.ESTIMATED_FROM + 1;
  /** The log-scale score of a tail probability of {@link AnomalyLikelihood#YELLOW}. */
  private static final double YELLOW_SCORE = Math.log(AnomalyLikelihood.YELLOW + 1e-10) / Math.log(1e-10);

  @Test
  void judgesNothingUntilItKnowsTheDistribution() {
    AnomalyLikelihood likelihood = new AnomalyLikelihood(AnomalyScorerSettings.DEFAULTS.likelihoodMemory());

    for (int i = 1; i < JUDGES_FROM; i++) {
      assertThat(likelihood.score(i % 7 == 0 ? 1 : 0)).as("point %d", i).isZero();
    }
    assertThat(likelihood.score(0)).isPositive();
  }

  @Test
  void aBurstOnAQuietSeriesAlarmsOnceThenIsFiltered() {
    AnomalyLikelihood likelihood = new AnomalyLikelihood(AnomalyScorerSettings.DEFAULTS.likelihoodMemory());
    feed(likelihood, 1000, 0, 1);

    double[] burst = new double[6];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = likelihood.score(1);
    }

    int alarm = 0;
    while (burst[alarm] <= 0.5) {
      alarm++;
    }
    assertThat(alarm).isLessThan(3);
    for (int i = alarm + 1; i < burst.length; i++) {
      assertThat(burst[i]).as("point %d of the burst", i).isCloseTo(YELLOW_SCORE, within(1e-9));
    }
  }

  @Test
  void anAlarmWithinTheAveragingWindowOfTheLastOneIsPartOfItButALaterOneIsNew() {
    AnomalyLikelihood likelihood = new AnomalyLikelihood(AnomalyScorerSettings.DEFAULTS.likelihoodMemory());
    feed(likelihood, 1000, 0, 1);
    double first = Math.max(likelihood.score(1), likelihood.score(1));
    feed(likelihood, 3, 0, 2);

    double soonAfter = Math.max(likelihood.score(1), likelihood.score(1));
    feed(likelihood, 5 * AnomalyLikelihood.AVERAGED, 0, 3);
    double later = Math.max(likelihood.score(1), likelihood.score(1));

    assertThat(first).isGreaterThan(0.5);
    assertThat(soonAfter).isLessThan(0.5);
    assertThat(later).isGreaterThan(0.5);
  }

  @Test
  void aSeriesThatIsOftenSurprisedNeedsMoreToAlarm() {
    AnomalyLikelihood quiet = new AnomalyLikelihood(AnomalyScorerSettings.DEFAULTS.likelihoodMemory());
    AnomalyLikelihood noisy = new AnomalyLikelihood(AnomalyScorerSettings.DEFAULTS.likelihoodMemory());
    feed(quiet, 2000, 0.01, 1);
    feed(noisy, 2000, 0.3, 1);

    double quietScore = burstOfThree(quiet);
    double noisyScore = burstOfThree(noisy);

    assertThat(quietScore).isGreaterThan(0.9);
    assertThat(noisyScore).isLessThan(0.3);
  }

  @Test
  void erfcMatchesKnownValues() {
    assertThat(AnomalyLikelihood.erfc(0)).isCloseTo(1, within(1e-7));
    assertThat(AnomalyLikelihood.erfc(1)).isCloseTo(0.157299207050285, within(1e-7));
    assertThat(AnomalyLikelihood.erfc(-1)).isCloseTo(1.842700792949715, within(1e-7));
    assertThat(AnomalyLikelihood.erfc(4)).isCloseTo(1.541725790028002e-8, within(1e-14));
  }

  /** The highest score of three surprised points after seven calm ones. */
  private static double burstOfThree(AnomalyLikelihood likelihood) {
    for (int i = 0; i < 7; i++) {
      likelihood.score(0);
    }
    return Math.max(likelihood.score(1), Math.max(likelihood.score(1), likelihood.score(1)));
  }

  /** Raw scores that are 1 with the given probability and 0 otherwise, seeded. */
  private static void feed(AnomalyLikelihood likelihood, int points, double surprisedShare, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < points; i++) {
      likelihood.score(random.nextDouble() < surprisedShare ? 1 : 0);
    }
  }
}
