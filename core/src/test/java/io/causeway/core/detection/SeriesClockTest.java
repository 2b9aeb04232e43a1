package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesClockTest {

  private static final long MINUTE = 60_000;
  private static final long START = 1_674_981_669_000L;

  @Test
  void aPointStandsForTheTimeSinceThePointBeforeIt() {
    SeriesClock clock = clockAfter(START, START + MINUTE, START + 2 * MINUTE);

    assertThat(clock.intervalStart(START + 3 * MINUTE)).isEqualTo(START + 2 * MINUTE);
  }

  @Test
  void aPointAfterAGapReachesBackNoFurtherThanTheSeriesShortestSpacing() {
    SeriesClock clock = clockAfter(START, START + MINUTE, START + 11 * MINUTE, START + 16 * MINUTE);

    assertThat(clock.intervalStart(START + 26 * MINUTE)).as("ten minutes without data").isEqualTo(START + 25 * MINUTE);
  }

  @Test
  void aPointStandsForItsOwnInstantUntilTheSeriesHasASpacing() {
    SeriesClock clock = new SeriesClock();
    assertThat(clock.intervalStart(START)).isEqualTo(START);

    clock.advance(START);
    assertThat(clock.intervalStart(START + MINUTE)).isEqualTo(START + MINUTE);
  }

  @Test
  void aPointOutOfOrderStandsForItsOwnInstantAndLeavesTheClockAlone() {
    SeriesClock clock = clockAfter(START, START + MINUTE, START + 2 * MINUTE);

    assertThat(clock.intervalStart(START + MINUTE + 30_000)).isEqualTo(START + MINUTE + 30_000);
    clock.advance(START + MINUTE + 30_000);
    assertThat(clock.intervalStart(START + 3 * MINUTE)).as("spacing still a minute").isEqualTo(START + 2 * MINUTE);
  }

  private static SeriesClock clockAfter(long... timestamps) {
    SeriesClock clock = new SeriesClock();
    for (long t : timestamps) {
      clock.advance(t);
    }
    return clock;
  }
}
