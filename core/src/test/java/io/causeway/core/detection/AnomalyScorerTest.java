package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {

  /** 2023-11-14 22:13:20 UTC. */
  private static final long T0 = 1_700_000_000_000L;
  /** Five minutes, as most NAB series: 288 points a day. */
  private static final long STEP = 300_000L;
  private static final int DAY = 288;
  private static final double ALARM = 0.5;

  @Test
  void onlyLearnsDuringWarmUp() {
    double[] values = series(AnomalyScorer.WARM_UP, 7);
    values[100] = 1_000;

    assertThat(score(new AnomalyScorer(), values, 0)).containsOnly(0.0);
  }

  @Test
  void scoresEveryPointWithinTheUnitInterval() {
    double[] values = series(3000, 1);
    values[2000] = 500;
    values[2500] = -500;
    Arrays.fill(values, 2600, 2700, 30);

    assertThat(Arrays.stream(score(new AnomalyScorer(), values, 0)).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
  }

  /** Scores are judged from the third day on: a first day's trough is still news. */
  @Test
  void aSingleSpikeAfterWarmUpScoresHighOnce() {
    double[] values = series(3000, 2);
    values[2000] = 150;

    double[] scores = score(new AnomalyScorer(), values, 0);

    assertThat(scores[2000]).isGreaterThan(0.99);
    scores[2000] = 0;
    assertThat(Arrays.stream(scores, 2 * DAY, values.length).max().orElseThrow()).isLessThan(ALARM);
  }

  @Test
  void aSustainedLevelShiftScoresHighAtItsFirstPointAndNotOnEveryFollowingOne() {
    double[] values = series(3000, 3);
    for (int i = 2000; i < values.length; i++) {
      values[i] += 80;
    }

    double[] scores = score(new AnomalyScorer(), values, 0);

    assertThat(Arrays.stream(scores, 2 * DAY, 2000).max().orElseThrow()).isLessThan(ALARM);
    assertThat(scores[2000]).isGreaterThan(0.99);
    long alarmsAfter = Arrays.stream(scores, 2001, values.length).filter(s -> s >= ALARM).count();
    assertThat(alarmsAfter).isLessThan((values.length - 2001) / 50);
  }

  @Test
  void aValueOrdinaryForTheDayButNotForTheHourScoresHigh() {
    double[] values = series(3000, 4);
    int nightAfterWeekOne = 2000 + Math.floorMod(3 * DAY / 4 - 2000, DAY);
    double peak = Arrays.stream(values, 0, nightAfterWeekOne).max().orElseThrow();
    Arrays.fill(values, nightAfterWeekOne, nightAfterWeekOne + 3, peak - 5);

    double[] scores = score(new AnomalyScorer(), values, 0);

    double ordinary = Arrays.stream(scores, 2 * DAY, nightAfterWeekOne).max().orElseThrow();
    double atNight = Arrays.stream(scores, nightAfterWeekOne, nightAfterWeekOne + 12).max().orElseThrow();
    assertThat(atNight).isGreaterThan(ALARM).isGreaterThan(3 * ordinary);
  }

  @Test
  void aNonFiniteValueScoresZeroAndTeachesNothing() {
    double[] values = series(1000, 4);
    AnomalyScorer withGap = new AnomalyScorer();
    AnomalyScorer without = new AnomalyScorer();
    score(withGap, Arrays.copyOf(values, 500), 0);
    score(without, Arrays.copyOf(values, 500), 0);

    assertThat(withGap.score(T0, Double.NaN)).isZero();
    assertThat(withGap.score(T0, Double.POSITIVE_INFINITY)).isZero();
    double[] rest = Arrays.copyOfRange(values, 500, 1000);
    assertThat(score(withGap, rest, 500)).containsExactly(score(without, rest, 500));
  }

  @Test
  void keepsScoringTheSameAfterSerialisationInLessThanTwoKilobytes() throws Exception {
    double[] values = series(1500, 5);
    AnomalyScorer original = new AnomalyScorer();
    score(original, Arrays.copyOf(values, 1000), 0);

    byte[] bytes = serialise(original);
    AnomalyScorer restored = deserialise(bytes);

    assertThat(bytes.length).isLessThanOrEqualTo(2048);
    double[] rest = Arrays.copyOfRange(values, 1000, 1500);
    assertThat(score(restored, rest, 1000)).containsExactly(score(original, rest, 1000));
  }

  @Test
  void itsStateDoesNotGrowWithTheSeries() throws Exception {
    double[] values = series(50_000, 6);
    AnomalyScorer young = new AnomalyScorer();
    AnomalyScorer old = new AnomalyScorer();
    score(young, Arrays.copyOf(values, 1000), 0);
    score(old, values, 0);

    assertThat(serialise(old)).hasSameSizeAs(serialise(young));
    assertThat(AnomalyScorer.STATE_BYTES).isLessThanOrEqualTo(2048);
  }

  @Test
  void otherConstantsScoreOtherwiseAndBadOnesAreRefusedWithTheRule() {
    double[] values = series(3000, 7);
    values[2000] = 120;

    double[] defaults = score(new AnomalyScorer(AnomalyScorerSettings.DEFAULTS), values, 0);
    double[] stricter = score(new AnomalyScorer(AnomalyScorerSettings.DEFAULTS.withSurpriseFrom(4)), values, 0);

    assertThat(score(new AnomalyScorer(), values, 0)).containsExactly(defaults);
    assertThat(stricter).isNotEqualTo(defaults);
    assertThatThrownBy(() -> AnomalyScorerSettings.DEFAULTS.withShiftAfter(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shiftAfter >= 0");
  }

  /** A daily-shaped series (288 points a day) with Gaussian noise, seeded. */
  private static double[] series(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / DAY) + random.nextGaussian() * 2;
    }
    return values;
  }

  private static double[] score(AnomalyScorer scorer, double[] values, int firstIndex) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = scorer.score(T0 + (firstIndex + i) * STEP, values[i]);
    }
    return scores;
  }

  private static byte[] serialise(AnomalyScorer scorer) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(scorer);
    }
    return bytes.toByteArray();
  }

  private static AnomalyScorer deserialise(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (AnomalyScorer) in.readObject();
    }
  }
}
