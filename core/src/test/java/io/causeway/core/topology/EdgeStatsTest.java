package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeStatsTest {

  private static final long SEED = 20250314L;
  private static final double[] QUANTILES = {0.0, 0.1, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

  @Test
  void anEmptyWindowReportsZeroEverywhere() {
    EdgeStats empty = new EdgeStats();

    assertThat(empty.calls()).isZero();
    assertThat(empty.errors()).isZero();
    assertThat(empty.errorRatio()).isZero();
    assertThat(empty.latencyMillis(0.5)).isZero();
    assertThat(empty.latencyMillis(0.99)).isZero();
  }

  @Test
  void countsCallsErrorsAndTheirRatio() {
    EdgeStats stats = new EdgeStats();
    for (int i = 0; i < 40; i++) {
      stats.add(1_000, i % 8 == 0);
    }

    assertThat(stats.calls()).isEqualTo(40);
    assertThat(stats.errors()).isEqualTo(5);
    assertThat(stats.errorRatio()).isEqualTo(0.125);
  }

  @Test
  void quantilesStayWithinOnePercentOfTheTrueLatency() {
    List<Long> millis = oneToAThousandMillisShuffled();
    EdgeStats stats = new EdgeStats();
    millis.forEach(ms -> stats.add(ms * 1_000, false));

    for (double q : QUANTILES) {
      double exact = exactQuantile(millis, q);
      assertThat(stats.latencyMillis(q)).as("p%s", q * 100).isCloseTo(exact, withinPercentage(1));
    }
  }

  @Test
  void highQuantilesStayAccurateWhenTheRangeOutgrowsTheBinBudget() {
    // log-uniform from 1 µs to ~3 hours: more distinct 1% bins than the sketch may keep
    Random random = new Random(SEED);
    List<Long> micros = new ArrayList<>();
    EdgeStats stats = new EdgeStats();
    for (int i = 0; i < 20_000; i++) {
      long us = Math.max(1, Math.round(Math.pow(10, random.nextDouble() * 10)));
      micros.add(us);
      stats.add(us, false);
    }
    List<Double> millis = micros.stream().map(us -> us / 1000.0).sorted().toList();
    assertThat(stats.latencyMillis(0.0)).as("the lowest bins were collapsed").isGreaterThan(10 * millis.get(0));

    for (double q : new double[] {0.9, 0.99, 0.999}) {
      double exact = millis.get((int) Math.floor(q * (millis.size() - 1)));
      assertThat(stats.latencyMillis(q)).as("p%s", q * 100).isCloseTo(exact, withinPercentage(1));
    }
  }

  @Test
  void mergingWindowsEqualsAddingEveryCallToOne() {
    Random random = new Random(SEED);
    EdgeStats whole = new EdgeStats();
    EdgeStats left = new EdgeStats();
    EdgeStats right = new EdgeStats();
    for (long ms : oneToAThousandMillisShuffled()) {
      boolean error = random.nextInt(10) == 0;
      whole.add(ms * 1_000, error);
      (random.nextBoolean() ? left : right).add(ms * 1_000, error);
    }

    EdgeStats merged = left.merge(right);

    assertThat(merged.calls()).isEqualTo(whole.calls()).isEqualTo(1_000);
    assertThat(merged.errors()).isEqualTo(whole.errors()).isPositive();
    assertThat(merged.errorRatio()).isEqualTo(whole.errorRatio());
    for (double q : QUANTILES) {
      assertThat(merged.latencyMillis(q)).as("p%s", q * 100).isEqualTo(whole.latencyMillis(q));
    }
  }

  @Test
  void mergingWithAnEmptyWindowChangesNothing() {
    EdgeStats stats = new EdgeStats().add(20_000, true).add(40_000, false);
    double p50 = stats.latencyMillis(0.5);

    stats.merge(new EdgeStats());
    EdgeStats fromEmpty = new EdgeStats().merge(stats);

    assertThat(stats.calls()).isEqualTo(2);
    assertThat(stats.latencyMillis(0.5)).isEqualTo(p50);
    assertThat(fromEmpty.calls()).isEqualTo(2);
    assertThat(fromEmpty.errors()).isEqualTo(1);
    assertThat(fromEmpty.latencyMillis(0.5)).isEqualTo(p50);
  }

  @Test
  void aZeroDurationCountsAsOneMicrosecond() {
    EdgeStats stats = new EdgeStats().add(0, false);

    assertThat(stats.latencyMillis(0.5)).isCloseTo(0.001, withinPercentage(1));
  }

  private static List<Long> oneToAThousandMillisShuffled() {
    List<Long> millis = new ArrayList<>();
    for (long ms = 1; ms <= 1_000; ms++) {
      millis.add(ms);
    }
    Collections.shuffle(millis, new Random(SEED));
    return millis;
  }

  /** The value at rank q·(n−1), rounded down: the convention DDSketch answers within 1% of. */
  private static double exactQuantile(List<Long> values, double q) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
  }

  @Test
  void aSketchRestoredFromItsEncodingAnswersAndMergesLikeTheOriginal() {
    Random random = new Random(SEED);
    EdgeStats original = new EdgeStats();
    EdgeStats other = new EdgeStats();
    for (int i = 0; i < 5_000; i++) {
      long us = Math.max(1, Math.round(Math.pow(10, random.nextDouble() * 10))); // wide enough to collapse bins
      (i % 3 == 0 ? other : original).add(us, i % 7 == 0);
    }

    EdgeStats restored = EdgeStats.restore(original.calls(), original.errors(), original.encodedLatency());

    assertThat(restored.calls()).isEqualTo(original.calls());
    assertThat(restored.errors()).isEqualTo(original.errors());
    for (double q : QUANTILES) {
      assertThat(restored.latencyMillis(q)).as("p%s", q * 100).isEqualTo(original.latencyMillis(q));
    }
    restored.merge(other);
    original.merge(other);
    for (double q : QUANTILES) {
      assertThat(restored.latencyMillis(q)).as("merged p%s", q * 100).isEqualTo(original.latencyMillis(q));
    }
    assertThat(EdgeStats.restore(0, 0, new EdgeStats().encodedLatency()).latencyMillis(0.5)).isZero();
  }
}
