package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SplitDeadLettersTest {

  private static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));
  private static final Instant READ_AT = Instant.parse("2025-03-01T10:00:00Z");

  private final RecordingMetrics metrics = new RecordingMetrics();
  private OneInputStreamOperatorTestHarness<Either<DeadLetter, String>, String> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new SplitDeadLetters<>(DEAD_LETTERS)), metrics.environment());
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void passesGoodRecordsOnInOrder() throws Exception {
    process(Either.Right("first"));
    process(Either.Right("second"));

    assertThat(harness.extractOutputValues()).containsExactly("first", "second");
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void sendsDeadLettersToTheSideOutputAndCountsThemByReason() throws Exception {
    DeadLetter badHeader = letter("bad-header", 10);
    DeadLetter truncated = letter("truncated", 11);

    process(Either.Left(badHeader));
    process(Either.Right("good"));
    process(Either.Left(truncated));
    process(Either.Left(letter("bad-header", 12)));

    assertThat(harness.extractOutputValues()).containsExactly("good");
    assertThat(deadLetters()).extracting(DeadLetter::getOffset).containsExactly(10L, 11L, 12L);
    assertThat(deadLetters().get(0)).isEqualTo(badHeader);
    assertThat(metrics.causewayCounter("deadLetters", "reason", "bad-header")).isEqualTo(2);
    assertThat(metrics.causewayCounter("deadLetters", "reason", "truncated")).isEqualTo(1);
  }

  @Test
  void countsTombstonesWithoutForwardingThemAnywhere() throws Exception {
    process(Either.Left(letter(DecodingSchema.TOMBSTONE_REASON, 20)));
    process(Either.Left(letter(DecodingSchema.TOMBSTONE_REASON, 21)));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).isEmpty();
    assertThat(metrics.causewayCounter("tombstones")).isEqualTo(2);
    assertThat(metrics.causewayCounter("deadLetters", "reason", DecodingSchema.TOMBSTONE_REASON)).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private void process(Either<DeadLetter, String> value) throws Exception {
    harness.processElement(value, READ_AT.toEpochMilli());
  }

  private List<DeadLetter> deadLetters() {
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> side = harness.getSideOutput(DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static DeadLetter letter(String reason, long offset) {
    return DeadLetter.newBuilder()
        .setSourceTopic("telemetry.spans")
        .setPartition(0)
        .setOffset(offset)
        .setReason(reason)
        .setError(reason + ": test")
        .setTime(READ_AT)
        .build();
  }
}
