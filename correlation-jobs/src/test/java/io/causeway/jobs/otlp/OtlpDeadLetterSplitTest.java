package io.causeway.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeadLetter;
import io.causeway.jobs.RecordingMetrics;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class OtlpDeadLetterSplitTest {

  private static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters-otlp_spans", new AvroTypeInfo<>(DeadLetter.class));
  private static final Instant READ_AT = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void passesRecordsOnAndSendsDeadLettersAsideCountedByReason() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (OneInputStreamOperatorTestHarness<Either<DeadLetter, String>, String> harness =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new io.causeway.jobs.SplitDeadLetters<>(DEAD_LETTERS)), metrics.environment())) {
      harness.open();

      harness.processElement(Either.Right("span-1"), READ_AT.toEpochMilli());
      harness.processElement(Either.Left(letter("otlp-malformed", 10)), READ_AT.toEpochMilli());
      harness.processElement(Either.Right("span-2"), READ_AT.toEpochMilli());
      harness.processElement(Either.Left(letter("otlp-wrong-encoding", 11)), READ_AT.toEpochMilli());
      harness.processElement(Either.Left(letter("otlp-malformed", 12)), READ_AT.toEpochMilli());

      assertThat(harness.extractOutputValues()).containsExactly("span-1", "span-2");
      ConcurrentLinkedQueue<StreamRecord<DeadLetter>> side = harness.getSideOutput(DEAD_LETTERS);
      List<Long> offsets = side.stream().map(r -> r.getValue().getOffset()).toList();
      assertThat(offsets).containsExactly(10L, 11L, 12L);
      assertThat(metrics.causewayCounter("deadLetters", "reason", "otlp-malformed")).isEqualTo(2);
      assertThat(metrics.causewayCounter("deadLetters", "reason", "otlp-wrong-encoding")).isEqualTo(1);
    }
  }

  private static DeadLetter letter(String reason, long offset) {
    return DeadLetter.newBuilder()
        .setSourceTopic("otlp_spans")
        .setPartition(0)
        .setOffset(offset)
        .setReason(reason)
        .setError(reason + ": test")
        .setTime(READ_AT)
        .build();
  }
}
