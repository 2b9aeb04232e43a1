package io.causeway.benchmarks.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long SECOND = 1_000_000_000L;

  /** 100 records a second for 10 s, then 400 a second for 10 s. */
  private static Progress slowThenFast() {
    Progress progress = new Progress();
    long count = 0;
    for (int second = 1; second <= 20; second++) {
      count += second <= 10 ? 100 : 400;
      progress.add(count, second * SECOND);
    }
    return progress;
  }

  @Test
  void rateAfterWarmupCountsOnlyFromTheFirstSampleAtTheWarmupCount() {
    ReadRate rate = slowThenFast().rateAfter(1000);

    assertThat(rate.records()).isEqualTo(4000);
    assertThat(rate.seconds()).isCloseTo(10.0, within(1e-9));
    assertThat(rate.recordsPerSecond()).isCloseTo(400.0, within(1e-9));
  }

  @Test
  void withoutWarmupTheRateStartsAtTheFirstSample() {
    ReadRate rate = slowThenFast().rateAfter(0);

    assertThat(rate.records()).isEqualTo(4900);
    assertThat(rate.seconds()).isCloseTo(19.0, within(1e-9));
  }

  @Test
  void slicesShowTheRateSettling() {
    double[] halves = slowThenFast().ratesBySlice(2);

    // the first half of the 4,900 records counted is the slow part and a bit of the fast one
    assertThat(halves[0]).isLessThan(halves[1]);
    assertThat(halves[1]).isCloseTo(400.0, within(1e-9));
  }

  @Test
  void aWarmupLongerThanTheRunIsRefused() {
    assertThatThrownBy(() -> slowThenFast().rateAfter(10_000)).isInstanceOf(IllegalStateException.class);
  }
}
