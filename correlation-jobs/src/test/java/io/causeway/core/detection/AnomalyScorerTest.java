package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long STEP = 300_000L;

  @Test
  void onlyLearnsDuringWarmUp() {
    double[] scores = score(new AnomalyScorer(), series(149, 7), 0);

    assertThat(scores).containsOnly(0.0);
  }

  @Test
  void scoresEveryPointWithinTheUnitInterval() {
    double[] values = series(3000, 1);
    values[2000] = 500;
    values[2500] = -500;

    assertThat(Arrays.stream(score(new AnomalyScorer(), values, 0)).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
  }

  @Test
  void aSpikeScoresFarAboveEveryNormalPoint() {
    double[] values = series(2000, 2);
    values[1500] = 150;

    double[] scores = score(new AnomalyScorer(), values, 0);

    double normalMax = Arrays.stream(scores, 1000, 1500).max().orElseThrow();
    assertThat(scores[1500]).isGreaterThan(0.5).isGreaterThan(3 * normalMax);
  }

  @Test
  void aSustainedLevelShiftAlarmsOnceAtItsFirstPoint() {
    double[] values = series(2000, 3);
    for (int i = 1500; i < 2000; i++) {
      values[i] += 80;
    }

    double[] scores = score(new AnomalyScorer(), values, 0);

    assertThat(scores[1500]).isGreaterThan(0.5);
    assertThat(Arrays.stream(scores, 1501, 2000).max().orElseThrow()).isLessThan(scores[1500] / 3);
  }

  @Test
  void aJumpThatRecursRegularlyStopsAlarmingWhileARareOneStillDoes() {
    double[] values = new double[4000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i / 50) % 2 == 0 ? 10 : 20;
    }
    double[] routine = score(new AnomalyScorer(), values, 0);
    values[3025] = 15;
    double[] rare = score(new AnomalyScorer(), values, 0);

    assertThat(Arrays.stream(routine, 3000, 4000).max().orElseThrow()).isLessThan(0.05);
    assertThat(rare[3025]).isGreaterThan(0.15);
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

  /** A daily-shaped series (288 points a day) with Gaussian noise, seeded. */
  private static double[] series(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian() * 2;
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
