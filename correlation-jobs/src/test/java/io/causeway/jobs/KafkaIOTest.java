package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class KafkaIOTest {

  /** What a watermark generator told its output, in order. */
  private static final class RecordingOutput implements WatermarkOutput {
    final List<String> calls = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      calls.add("watermark " + watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      calls.add("idle");
    }

    @Override
    public void markActive() {
      calls.add("active");
    }
  }

  @Test
  void inputBesideEventTimeStaysIdleThroughItsRecordsAndNeverEmitsAWatermark() {
    KafkaIO.AlwaysIdle<String> generator = new KafkaIO.AlwaysIdle<>();
    RecordingOutput output = new RecordingOutput();

    generator.onPeriodicEmit(output);
    generator.onEvent("a verdict an hour behind the telemetry", 1_000L, output);
    generator.onPeriodicEmit(output);
    generator.onEvent("a verdict ahead of it", 9_000_000L, output);
    generator.onPeriodicEmit(output);

    assertThat(output.calls).containsExactly("idle", "idle", "idle");
  }
}
