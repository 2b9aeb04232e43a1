package io.causeway.schemas;

import io.causeway.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one way every reader of our topics describes a record it could not use.
 *
 * <p>A dead letter must itself fit in a Kafka message, whatever it describes: a bad record may be
 * as large as the broker allows, and a dead letter that wraps it whole would be larger still and
 * fail the writer. So at most {@link #MAX_RAW_VALUE_BYTES} of the value and {@link
 * #MAX_RAW_KEY_BYTES} of the key are kept, and the error says how much was cut; the source topic,
 * partition and offset still lead to the whole record.
 */
public final class DeadLetters {

  /** Bytes of a bad record's value kept in its dead letter; the rest is cut (and said so). */
  public static final int MAX_RAW_VALUE_BYTES = 256 * 1024;
  /** Bytes of a bad record's key kept in its dead letter. */
  public static final int MAX_RAW_KEY_BYTES = 16 * 1024;
  /** Characters of the error message kept. */
  public static final int MAX_ERROR_CHARS = 2_000;
  /** Partition and offset of a dead letter whose input never was a Kafka record (an HTTP request). */
  public static final int NO_PARTITION = -1;

  private DeadLetters() {}

  /**
   * A dead letter for {@code record}: its source topic, partition and offset, its raw bytes (cut
   * to the limits above), a short stable {@code reason} code, the error message, and which {@code
   * consumer} could not read it.
   */
  public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String reason, String error, String consumer) {
    return build(
        record.topic(), record.partition(), record.offset(), record.key(), record.value(),
        Instant.ofEpochMilli(Math.max(record.timestamp(), 0)), reason, error, consumer);
  }

  /**
   * A dead letter for input that did not come from Kafka, such as a refused HTTP request: {@code
   * source} names where it came from (e.g. {@code http:/changes/github}), partition and offset
   * are {@value #NO_PARTITION}.
   */
  public static DeadLetter ofInput(String source, byte[] raw, Instant receivedAt, String reason, String error, String consumer) {
    return build(source, NO_PARTITION, NO_PARTITION, null, raw, receivedAt, reason, error, consumer);
  }

  private static DeadLetter build(
      String source, int partition, long offset, byte[] key, byte[] value, Instant time, String reason, String error, String consumer) {
    StringBuilder message = new StringBuilder(error == null ? reason : error);
    if (message.length() > MAX_ERROR_CHARS) {
      message.setLength(MAX_ERROR_CHARS);
      message.append("...");
    }
    if (value != null && value.length > MAX_RAW_VALUE_BYTES) {
      message.append(" [raw value cut to its first ").append(MAX_RAW_VALUE_BYTES).append(" of ").append(value.length).append(" bytes]");
    }
    if (key != null && key.length > MAX_RAW_KEY_BYTES) {
      message.append(" [raw key cut to its first ").append(MAX_RAW_KEY_BYTES).append(" of ").append(key.length).append(" bytes]");
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(source)
        .setPartition(partition)
        .setOffset(offset)
        .setReason(reason)
        .setError(message.toString())
        .setRawKey(cut(key, MAX_RAW_KEY_BYTES))
        .setRawValue(cut(value, MAX_RAW_VALUE_BYTES))
        .setTime(time)
        .setConsumer(consumer)
        .build();
  }

  private static ByteBuffer cut(byte[] bytes, int limit) {
    if (bytes == null) {
      return null;
    }
    return ByteBuffer.wrap(bytes.length <= limit ? bytes : Arrays.copyOf(bytes, limit));
  }
}
