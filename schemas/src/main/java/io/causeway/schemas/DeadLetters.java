package io.causeway.schemas;

import io.causeway.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The one way every reader of our topics describes a record it could not use. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * A dead letter for {@code record}: its source topic, partition, offset and raw bytes, a short
   * stable {@code reason} code, the error message, and which {@code consumer} could not read it.
   */
  public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String reason, String error, String consumer) {
    return DeadLetter.newBuilder()
        .setSourceTopic(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setReason(reason)
        .setError(error == null ? reason : error)
        .setRawKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setRawValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setTime(Instant.ofEpochMilli(Math.max(record.timestamp(), 0)))
        .setConsumer(consumer)
        .build();
  }
}
