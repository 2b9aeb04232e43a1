package io.causeway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void keepsSourcePositionReasonAndEveryByteOfASmallRecord() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("otlp_spans", 3, 42L, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

    DeadLetter letter = DeadLetters.of(record, "otlp-malformed", "otlp-malformed: truncated", "causeway-topology");

    assertThat(letter.getSourceTopic()).isEqualTo("otlp_spans");
    assertThat(letter.getPartition()).isEqualTo(3);
    assertThat(letter.getOffset()).isEqualTo(42L);
    assertThat(letter.getReason()).isEqualTo("otlp-malformed");
    assertThat(letter.getError()).isEqualTo("otlp-malformed: truncated");
    assertThat(letter.getRawKey()).isEqualTo(ByteBuffer.wrap("k".getBytes(StandardCharsets.UTF_8)));
    assertThat(letter.getRawValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(letter.getConsumer()).isEqualTo("causeway-topology");
  }

  @Test
  void cutsAValueTooLargeToBeWrappedInOneKafkaMessageAndSaysSo() {
    byte[] huge = new byte[1_000_000];
    Arrays.fill(huge, (byte) 7);
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("telemetry.spans", 0, 9L, null, huge);

    DeadLetter letter = DeadLetters.of(record, "bad-header", "x".repeat(10_000), "causeway-detection");

    assertThat(letter.getRawValue().remaining()).isEqualTo(DeadLetters.MAX_RAW_VALUE_BYTES);
    assertThat(letter.getRawValue().get(0)).isEqualTo((byte) 7);
    assertThat(letter.getError()).hasSizeLessThan(DeadLetters.MAX_ERROR_CHARS + 100).endsWith("[raw value cut to its first 262144 of 1000000 bytes]");
    assertThat(AvroCodec.of(DeadLetter.class).encode(letter).length).isLessThan(300 * 1024);
  }

  @Test
  void describesInputFromOutsideKafkaWithoutAPosition() {
    DeadLetter letter = DeadLetters.ofInput("http:/changes/github", "{}".getBytes(StandardCharsets.UTF_8), RECEIVED, "unauthorized", "401 bad signature", "changes-receiver");

    assertThat(letter.getSourceTopic()).isEqualTo("http:/changes/github");
    assertThat(letter.getPartition()).isEqualTo(DeadLetters.NO_PARTITION);
    assertThat(letter.getOffset()).isEqualTo(DeadLetters.NO_PARTITION);
    assertThat(letter.getRawKey()).isNull();
    assertThat(letter.getTime()).isEqualTo(RECEIVED);
  }
}
