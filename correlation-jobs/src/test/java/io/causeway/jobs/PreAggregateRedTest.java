package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory pre-aggregation in front of the RED windows loses nothing and is never late. */
class PreAggregateRedTest {

  private static final long WINDOW = 5_000;
  private static final long T0 = 1_780_000_000_000L; // a window boundary

  private OneInputStreamOperatorTestHarness<Measurement, PartialRed> harness;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void emitsOnePartialPerKeyAndWindowBeforeForwardingTheWatermark() throws Exception {
    harness = open(100);
    harness.processElement(call("a->b", 1_000, T0 + 10));
    harness.processElement(call("a->b", 3_000, T0 + 20));
    harness.processElement(call("a->c", 2_000, T0 + 30));
    harness.processElement(call("a->b", 9_000, T0 + WINDOW + 10));
    assertThat(harness.getOutput()).isEmpty();

    harness.processWatermark(T0 + 100);

    List<Object> output = List.copyOf(harness.getOutput());
    assertThat(output).hasSize(4);
    assertThat(output.get(3)).as("the watermark comes after the partials").isInstanceOf(org.apache.flink.streaming.api.watermark.Watermark.class);
    assertThat(harness.extractOutputStreamRecords())
        .extracting(r -> r.getValue().key() + "@" + (r.getTimestamp() - T0) + " calls=" + r.getValue().red().stats().calls())
        .containsExactlyInAnyOrder("a->b@4999 calls=2", "a->c@4999 calls=1", "a->b@9999 calls=1");
  }

  @Test
  void emptiesItsBufferBeforeACheckpointBarrier() throws Exception {
    harness = open(100);
    harness.processElement(call("a->b", 1_000, T0 + 10));

    harness.prepareSnapshotPreBarrier(1L);

    assertThat(harness.extractOutputValues()).singleElement().extracting(PartialRed::key).isEqualTo("a->b");
  }

  @Test
  void neverHoldsMoreThanItsCapOfKeys() throws Exception {
    harness = open(3);
    for (int i = 0; i < 7; i++) {
      harness.processElement(call("a->s" + i, 1_000, T0 + i));
    }

    assertThat(harness.extractOutputValues()).hasSize(6);
  }

  private static OneInputStreamOperatorTestHarness<Measurement, PartialRed> open(int maxKeys) throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregateRed(WINDOW, maxKeys));
    harness.open();
    return harness;
  }

  private static StreamRecord<Measurement> call(String key, long micros, long timestamp) {
    return new StreamRecord<>(new Measurement(key, "RPC", micros, false), timestamp);
  }
}
