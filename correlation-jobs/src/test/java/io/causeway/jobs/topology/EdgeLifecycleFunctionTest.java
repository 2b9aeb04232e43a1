package io.causeway.jobs.topology;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.GraphDelta;
import io.causeway.core.topology.RedShift;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import io.causeway.jobs.WindowedRed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgeLifecycleFunctionTest {

  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration EXPIRY = Duration.ofMinutes(10);
  private static final String EDGE = "frontend->productcatalogservice";

  /** The edge's first window starts here; window i covers [FIRST_WINDOW + i·5s, FIRST_WINDOW + (i+1)·5s). */
  private static final Instant FIRST_WINDOW = Instant.parse("2025-03-01T10:00:00Z");

  private KeyedOneInputStreamOperatorTestHarness<String, WindowedRed, DependencyEdge> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void announcesANewEdgeAsAddedFromItsFirstWindow() throws Exception {
    harness = open(null);

    process(window(0, 100, 0, 20.0));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            edge -> {
              assertThat(edge.getCaller()).isEqualTo("frontend");
              assertThat(edge.getCallee()).isEqualTo("productcatalogservice");
              assertThat(edge.getKind()).isEqualTo(EdgeKind.RPC);
              assertThat(edge.getCalls()).isEqualTo(100);
              assertThat(edge.getCallsPerSecond()).isEqualTo(20.0);
              assertThat(edge.getLatencyP90Ms()).isEqualTo(20.0);
              assertThat(edge.getFirstSeen()).isEqualTo(FIRST_WINDOW);
              assertThat(edge.getLastSeen()).isEqualTo(windowEnd(0));
            });
    assertThat(deltas())
        .singleElement()
        .satisfies(
            delta -> {
              assertThat(delta.getChange()).isEqualTo(DeltaType.ADDED);
              assertThat(delta.getTime()).isEqualTo(windowEnd(0));
              assertThat(delta.getBefore()).isNull();
              assertThat(delta.getAfter()).isEqualTo(harness.extractOutputValues().get(0));
            });
  }

  @Test
  void emitsTheEdgeEveryWindowButAChangeOnlyWhenItsRedFiguresShift() throws Exception {
    harness = open(null);

    process(window(0, 100, 0, 20.0));
    process(window(1, 120, 1, 24.0)); // jitter: 1% errors, p90 +20%
    process(window(2, 110, 0, 60.0)); // latency 2.5 times the last window's
    process(window(3, 100, 10, 61.0)); // error ratio 0 -> 10%
    process(window(4, 100, 10, 59.0)); // steady again

    assertThat(harness.extractOutputValues()).hasSize(5);
    assertThat(deltas()).extracting(GraphDelta::getChange).containsExactly(DeltaType.ADDED, DeltaType.CHANGED, DeltaType.CHANGED);
    assertThat(deltas().get(1))
        .satisfies(
            latency -> {
              assertThat(latency.getReason()).isEqualTo("latencyP90Ms 24.0 -> 60.0");
              assertThat(latency.getTime()).isEqualTo(windowEnd(2));
              assertThat(latency.getBefore().getLatencyP90Ms()).isEqualTo(24.0);
              assertThat(latency.getAfter().getLatencyP90Ms()).isEqualTo(60.0);
            });
    assertThat(deltas().get(2).getReason()).isEqualTo("errorRatio 0.000 -> 0.100");
  }

  @Test
  void keepsTheEdgesFirstSeenAcrossWindows() throws Exception {
    harness = open(null);

    process(window(0, 100, 0, 20.0));
    process(window(1, 100, 0, 20.0));
    process(window(7, 100, 0, 20.0));

    assertThat(harness.extractOutputValues()).extracting(DependencyEdge::getFirstSeen).containsOnly(FIRST_WINDOW);
    assertThat(harness.extractOutputValues()).last().extracting(DependencyEdge::getLastSeen).isEqualTo(windowEnd(7));
  }

  @Test
  void removesAnEdgeOnceTheWatermarkPassesItsExpiry() throws Exception {
    harness = open(null);
    process(window(0, 100, 0, 20.0));
    process(window(1, 100, 0, 20.0));
    long expiry = windowEnd(1).plus(EXPIRY).toEpochMilli();

    harness.processWatermark(expiry - 1);
    assertThat(deltas()).extracting(GraphDelta::getChange).containsExactly(DeltaType.ADDED);

    harness.processWatermark(expiry);
    assertThat(deltas())
        .last()
        .satisfies(
            removed -> {
              assertThat(removed.getChange()).isEqualTo(DeltaType.REMOVED);
              assertThat(removed.getTime()).isEqualTo(Instant.ofEpochMilli(expiry));
              assertThat(removed.getBefore()).isEqualTo(harness.extractOutputValues().get(1));
              assertThat(removed.getAfter()).isNull();
              assertThat(removed.getReason()).isEqualTo("no calls for PT10M");
            });
    assertThat(harness.extractOutputValues()).as("no edge record is emitted on removal").hasSize(2);
    assertThat(keysWithState(harness, "current-edge")).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void eachWindowPostponesTheExpiryAndKeepsOneTimer() throws Exception {
    harness = open(null);
    process(window(0, 100, 0, 20.0));
    process(window(60, 100, 0, 20.0)); // five minutes later
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(windowEnd(0).plus(EXPIRY).toEpochMilli());

    assertThat(deltas()).extracting(GraphDelta::getChange).containsExactly(DeltaType.ADDED);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    assertThat(keysWithState(harness, "current-edge")).isEqualTo(1);
  }

  @Test
  void anEdgeThatComesBackAfterRemovalIsAddedAgainWithANewFirstSeen() throws Exception {
    harness = open(null);
    process(window(0, 100, 0, 20.0));
    harness.processWatermark(windowEnd(0).plus(EXPIRY).toEpochMilli());

    process(window(200, 100, 0, 20.0));

    assertThat(deltas()).extracting(GraphDelta::getChange).containsExactly(DeltaType.ADDED, DeltaType.REMOVED, DeltaType.ADDED);
    assertThat(harness.extractOutputValues()).last().extracting(DependencyEdge::getFirstSeen).isEqualTo(windowStart(200));
  }

  @Test
  void takesTheEdgeKindFromTheCallLabelAndUnknownLabelsAsUnknown() throws Exception {
    harness = open(null);

    process(new WindowedRed("cartservice->redis-cart", "DATABASE", windowStart(0).toEpochMilli(), windowEnd(0).toEpochMilli(), 50, 0, 1, 2, 3));
    process(new WindowedRed("frontend->adservice", "GRPC", windowStart(0).toEpochMilli(), windowEnd(0).toEpochMilli(), 50, 0, 1, 2, 3));

    assertThat(harness.extractOutputValues()).extracting(DependencyEdge::getKind).containsExactly(EdgeKind.DATABASE, EdgeKind.UNKNOWN);
  }

  @Test
  void keepsTheEdgeAndItsExpiryAcrossASnapshotAndRestoreOnRocksDb() throws Exception {
    harness = open(null);
    process(window(0, 100, 0, 20.0));
    OperatorSubtaskState snapshot = harness.snapshot(1L, windowEnd(0).toEpochMilli());
    harness.close();

    harness = open(snapshot);
    process(window(1, 100, 0, 50.0));
    harness.processWatermark(windowEnd(1).plus(EXPIRY).toEpochMilli());

    assertThat(deltas()).extracting(GraphDelta::getChange).containsExactly(DeltaType.CHANGED, DeltaType.REMOVED);
    assertThat(deltas().get(0).getBefore().getLatencyP90Ms()).isEqualTo(20.0);
    assertThat(harness.extractOutputValues()).singleElement().extracting(DependencyEdge::getFirstSeen).isEqualTo(FIRST_WINDOW);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private static KeyedOneInputStreamOperatorTestHarness<String, WindowedRed, DependencyEdge> open(OperatorSubtaskState snapshot) throws Exception {
    return Harnesses.keyed(new EdgeLifecycleFunction(EXPIRY, RedShift.defaults()), WindowedRed::key, Types.STRING, Backend.ROCKSDB, snapshot, null);
  }

  /** Windows reach the function at their last instant, as the window operator emits them. */
  private void process(WindowedRed window) throws Exception {
    harness.processElement(window, window.windowEnd() - 1);
  }

  private List<GraphDelta> deltas() {
    var deltas = harness.getSideOutput(EdgeLifecycleFunction.DELTAS);
    return deltas == null ? List.of() : deltas.stream().map(StreamRecord::getValue).toList();
  }

  private static WindowedRed window(int index, long calls, long errors, double p90Millis) {
    return new WindowedRed(EDGE, "RPC", windowStart(index).toEpochMilli(), windowEnd(index).toEpochMilli(), calls, errors, p90Millis / 2, p90Millis, p90Millis * 1.5);
  }

  private static Instant windowStart(int index) {
    return FIRST_WINDOW.plus(WINDOW.multipliedBy(index));
  }

  private static Instant windowEnd(int index) {
    return windowStart(index + 1);
  }
}
