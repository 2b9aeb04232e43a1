package io.causeway.benchmarks.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.benchmarks.topology.TopologyStateBench.Result;
import io.causeway.benchmarks.topology.TopologyStateBench.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyStateBenchTest {

  @Test
  void edgeAndTraceStateStopGrowingOnceEdgesOutliveTheirExpiryWhileNewEdgesKeepAppearing() throws Exception {
    TopologyStateBench bench = new TopologyStateBench();
    bench.services = 300;
    bench.edges = 3_000;
    bench.windows = 60; // one hour of one-minute windows; edges expire after ten silent minutes
    bench.churn = 0.05;
    bench.activity = 0.2;
    bench.reportEvery = 5;
    List<Sample> reported = new ArrayList<>();

    Result result = bench.run(reported::add);

    assertThat(reported).hasSize(12).isEqualTo(result.samples());
    long distinctEdgesEverSeen = 3_000 + Math.round(3_000 * 0.05) * 60;
    Sample last = result.last();
    assertThat(last.edgeKeys()).as("expired edges leave state").isLessThan(distinctEdgesEverSeen / 2);
    assertThat(result.lateGrowth()).as("edge keys at the end over those at a quarter of the run").isBetween(0.9, 1.1);
    assertThat(meanEdgeLiveBytes(reported.subList(8, 12)))
        .as("live edge bytes over the last third of the run against the middle third")
        .isLessThan(meanEdgeLiveBytes(reported.subList(4, 8)) * 1.1);
    assertThat(last.edgeTimers()).as("one expiry timer per edge").isEqualTo((int) last.edgeKeys());
    assertThat(last.traceKeys()).as("only traces younger than the join timeout are kept").isLessThan(3_000L * 2 / 10);
    assertThat(last.bytesPerEdge()).isBetween(50.0, 4096.0);
    assertThat(result.windowStateBytesPerEdge()).isBetween(100, 4096);
  }

  private static double meanEdgeLiveBytes(List<Sample> samples) {
    return samples.stream().mapToLong(Sample::edgeLiveBytes).average().orElseThrow();
  }
}
