package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.GraphDelta;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphHistoryTest {

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final GraphHistory history =
      new GraphHistory(
          List.of(
              delta(DeltaType.REMOVED, "cartservice", "redis-cart", T0.plusSeconds(300), 0.0),
              delta(DeltaType.ADDED, "frontend", "cartservice", T0, 0.0),
              delta(DeltaType.ADDED, "cartservice", "redis-cart", T0.plusSeconds(5), 0.0),
              delta(DeltaType.CHANGED, "frontend", "cartservice", T0.plusSeconds(120), 0.3)));

  @Test
  void theGraphAtATimeHasWhatWasAddedAndNotYetRemoved() {
    assertThat(history.at(T0.minusSeconds(1))).isEmpty();
    assertThat(history.at(T0.plusSeconds(60))).containsOnlyKeys("frontend->cartservice", "cartservice->redis-cart");
    assertThat(history.at(T0.plusSeconds(300))).containsOnlyKeys("frontend->cartservice");
  }

  @Test
  void aChangedEdgeShowsItsFiguresAsTheyWereThen() {
    assertThat(history.at(T0.plusSeconds(60)).get("frontend->cartservice").getErrorRatio()).isEqualTo(0.0);
    assertThat(history.at(T0.plusSeconds(130)).get("frontend->cartservice").getErrorRatio()).isEqualTo(0.3);
  }

  @Test
  void listsWhatChangedBetweenTwoTimesInOrder() {
    assertThat(history.between(T0, T0.plusSeconds(300)))
        .extracting(d -> d.getChange() + " " + d.getCaller() + "->" + d.getCallee())
        .containsExactly("ADDED cartservice->redis-cart", "CHANGED frontend->cartservice", "REMOVED cartservice->redis-cart");
  }

  private static GraphDelta delta(DeltaType type, String caller, String callee, Instant at, double errorRatio) {
    DependencyEdge edge = DependencyEdge.newBuilder()
        .setCaller(caller).setCallee(callee).setKind(EdgeKind.RPC)
        .setWindowStart(at.minusSeconds(5)).setWindowEnd(at)
        .setCalls(10).setErrors(Math.round(errorRatio * 10)).setCallsPerSecond(2).setErrorRatio(errorRatio)
        .setLatencyP50Ms(1).setLatencyP90Ms(2).setLatencyP99Ms(3)
        .setFirstSeen(T0).setLastSeen(at)
        .build();
    return GraphDelta.newBuilder()
        .setChange(type).setCaller(caller).setCallee(callee).setTime(at)
        .setBefore(type == DeltaType.ADDED ? null : edge)
        .setAfter(type == DeltaType.REMOVED ? null : edge)
        .build();
  }
}
