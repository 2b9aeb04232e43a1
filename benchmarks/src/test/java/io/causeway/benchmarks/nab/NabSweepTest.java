package io.causeway.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabSweepTest {

  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  /** 100 rows (probation: the first 15), one window over rows 40..49. */
  private static final NabFile FILE = file(100, List.of(new int[] {40, 49}));

  @Test
  void aDetectionOnTheWindowsFirstRowEarnsTheFullTruePositiveWeight() {
    assertThat(sweep(scores(40)).at(0.5).score()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aLaterDetectionInTheWindowEarnsLessAndOnlyTheFirstOneCounts() {
    double early = sweep(scores(42)).at(0.5).score();
    double late = sweep(scores(48)).at(0.5).score();
    double both = sweep(scores(42, 48)).at(0.5).score();

    assertThat(late).isLessThan(early).isPositive();
    assertThat(both).isEqualTo(early);
  }

  @Test
  void aMissedWindowCostsTheFalseNegativeWeight() {
    assertThat(sweep(scores()).at(0.5).score()).isEqualTo(-1.0);
    assertThat(sweep(scores()).nullScore()).isEqualTo(-1.0);
  }

  @Test
  void aFalsePositiveBeforeAnyWindowCostsTheWholeFalsePositiveWeight() {
    assertThat(sweep(scores(20)).at(0.5).score()).isCloseTo(-1.0 - 0.11, within(1e-12));
  }

  @Test
  void aFalsePositiveJustAfterAWindowCostsLessThanOneFarAfterIt() {
    double near = sweep(scores(40, 50)).at(0.5).score() - 1.0;
    double far = sweep(scores(40, 90)).at(0.5).score() - 1.0;

    assertThat(near).isNegative().isGreaterThan(far);
    assertThat(far).isCloseTo(-0.11, within(1e-3));
  }

  @Test
  void detectionsInTheProbationaryPeriodAreNotScored() {
    assertThat(sweep(scores(3, 14)).at(0.5)).satisfies(s -> {
      assertThat(s.score()).isEqualTo(-1.0);
      assertThat(s.fp()).isZero();
      assertThat(s.tp() + s.tn() + s.fp() + s.fn()).isEqualTo(85);
    });
  }

  @Test
  void theBestThresholdKeepsTheTruePositiveAndDropsTheLowerScoredFalsePositive() {
    double[] scores = new double[100];
    scores[41] = 0.9;
    scores[70] = 0.6;

    ThresholdScore best = sweep(scores).best();

    assertThat(best.threshold()).isEqualTo(0.9);
    assertThat(best.tp()).isEqualTo(1);
    assertThat(best.fp()).isZero();
  }

  @Test
  void theProbationaryPeriodIsFifteenPercentCappedAtSevenHundredFiftyRows() {
    assertThat(NabFile.probationaryLength(100)).isEqualTo(15);
    assertThat(NabFile.probationaryLength(4032)).isEqualTo(604);
    assertThat(NabFile.probationaryLength(22695)).isEqualTo(750);
  }

  private static NabSweep sweep(double[] scores) {
    return NabSweep.of(FILE, scores, STANDARD);
  }

  private static double[] scores(int... detections) {
    double[] scores = new double[100];
    for (int i : detections) {
      scores[i] = 1.0;
    }
    return scores;
  }

  private static NabFile file(int rows, List<int[]> windows) {
    LocalDateTime[] timestamps = new LocalDateTime[rows];
    for (int i = 0; i < rows; i++) {
      timestamps[i] = T0.plusMinutes(5L * i);
    }
    return new NabFile("test/file.csv", timestamps, new double[rows],
        windows.stream().map(w -> new NabFile.Window(timestamps[w[0]], timestamps[w[1]])).toList());
  }
}
