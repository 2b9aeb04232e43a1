package io.causeway.benchmarks.statequeries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EndpointFiguresTest {

  private static final long MS = 1_000_000;

  @Test
  void quantilesAreNearestRankOverTheLatenciesInAnyOrder() {
    long[] latencies = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray();

    EndpointFigures figures = EndpointFigures.of("/api/graph", latencies, 2_000 * MS, 0, 100 * 512, null);

    assertThat(figures.requests()).isEqualTo(100);
    assertThat(figures.p50Ms()).isEqualTo(50.0);
    assertThat(figures.p99Ms()).isEqualTo(99.0);
    assertThat(figures.maxMs()).isEqualTo(100.0);
    assertThat(figures.meanBytes()).isEqualTo(512);
    assertThat(figures.requestsPerSecond()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void aSingleSlowRequestInAHundredShowsInP99ButNotInP50() {
    long[] latencies = LongStream.range(0, 100).map(i -> i == 37 ? 900 * MS : 2 * MS).toArray();

    EndpointFigures figures = EndpointFigures.of("/api/graph", latencies, MS * 1000, 0, 0, null);

    assertThat(figures.p50Ms()).isEqualTo(2.0);
    assertThat(figures.p99Ms()).isEqualTo(2.0);
    assertThat(figures.maxMs()).isEqualTo(900.0);
    assertThat(EndpointFigures.of("x", LongStream.range(0, 50).map(i -> i < 2 ? 900 * MS : 2 * MS).toArray(), MS, 0, 0, null).p99Ms())
        .as("two slow in fifty is above the 99th percentile's rank").isEqualTo(900.0);
  }

  @Test
  void theJsonFormGivesRatiosToTheBaselineAndTheFirstErrorWhenThereIsOne() {
    EndpointFigures baseline = EndpointFigures.of("/health/live", new long[] {MS, MS, MS, MS}, 4 * MS, 0, 0, null);
    EndpointFigures slow = EndpointFigures.of("/api/graph", new long[] {4 * MS, 4 * MS}, 8 * MS, 1, 0, "HTTP 500 on /api/graph: boom");

    Map<String, Object> json = slow.toJson(baseline);

    assertThat(json).containsEntry("requests", 2L).containsEntry("errors", 1L)
        .containsEntry("p50VsBaseline", 4.0).containsEntry("throughputVsBaseline", 0.25)
        .containsEntry("firstError", "HTTP 500 on /api/graph: boom");
    assertThat(baseline.toJson(null)).doesNotContainKeys("p50VsBaseline", "firstError");
  }

  @Test
  void noRequestsGiveZerosRatherThanAnError() {
    EndpointFigures none = EndpointFigures.of("/metrics", new long[0], MS, 0, 0, null);

    assertThat(none.requests()).isZero();
    assertThat(none.p99Ms()).isZero();
    assertThat(none.meanBytes()).isZero();
  }
}
