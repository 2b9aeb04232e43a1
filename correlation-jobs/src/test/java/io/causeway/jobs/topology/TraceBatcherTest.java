package io.causeway.jobs.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.topology.SpanView;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceBatcherTest {

  private static final long T0 = 1_740_823_200_000L;

  private OneInputStreamOperatorTestHarness<SpanView, TraceFragment> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void sendsTheSpansOfEachTraceAsOneFragmentInArrivalOrderBeforeTheNextWatermark() throws Exception {
    harness = open(100);
    harness.processElement(span("a", "a1", 5), T0 + 5);
    harness.processElement(span("b", "b1", 3), T0 + 3);
    harness.processElement(span("a", "a2", 1), T0 + 1);
    assertThat(harness.getOutput()).isEmpty();

    harness.processWatermark(T0);

    assertThat(harness.getOutput())
        .containsExactly(
            new StreamRecord<>(new TraceFragment("a", List.of(span("a", "a1", 5), span("a", "a2", 1))), T0 + 5),
            new StreamRecord<>(new TraceFragment("b", List.of(span("b", "b1", 3))), T0 + 3),
            new Watermark(T0));
  }

  @Test
  void holdsNoSpanAcrossACheckpointBarrierNorBeyondItsBound() throws Exception {
    harness = open(3);
    harness.processElement(span("a", "a1", 0), T0);
    harness.prepareSnapshotPreBarrier(1L);
    assertThat(fragments()).containsExactly(List.of("a1"));

    harness.processElement(span("a", "a2", 1), T0 + 1);
    harness.processElement(span("b", "b1", 2), T0 + 2);
    harness.processElement(span("a", "a3", 3), T0 + 3);
    assertThat(fragments()).containsExactly(List.of("a2", "a3"), List.of("b1"));
  }

  private List<List<String>> fragments() {
    List<List<String>> ids = new ArrayList<>();
    for (TraceFragment fragment : harness.extractOutputValues()) {
      ids.add(fragment.spans().stream().map(SpanView::spanId).toList());
    }
    harness.getOutput().clear();
    return ids;
  }

  private static OneInputStreamOperatorTestHarness<SpanView, TraceFragment> open(int maxSpans) throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new TraceBatcher(maxSpans, 5_000));
    harness.open();
    return harness;
  }

  private static SpanView span(String trace, String id, long offset) {
    return new SpanView(trace, id, null, "frontend", "SERVER", T0 + offset, 1_000, false, null, "EXTERNAL");
  }
}
