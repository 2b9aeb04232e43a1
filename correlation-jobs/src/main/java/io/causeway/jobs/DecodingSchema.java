package io.causeway.jobs;

import io.causeway.avro.DeadLetter;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.DeadLetters;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads one Avro topic into either a record or, when the bytes are not a valid record, a {@link
 * DeadLetter} that keeps the source topic, partition, offset, reason and raw bytes. Nothing is
 * dropped here; {@link SplitDeadLetters} routes and counts the dead letters.
 *
 * <p>Null values (tombstones on compacted topics) are deletions, not bad input: they are skipped
 * and counted by the caller's metric through {@link #TOMBSTONE_REASON}.
 */
public final class DecodingSchema<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

  private static final long serialVersionUID = 1L;
  static final String TOMBSTONE_REASON = "tombstone";

  private final Class<T> type;
  private final String consumer;
  private transient AvroCodec<T> codec;

  public DecodingSchema(Class<T> type, String consumer) {
    this.type = type;
    this.consumer = consumer;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    if (record.value() == null) {
      out.collect(Either.Left(deadLetter(record, TOMBSTONE_REASON, "tombstone")));
      return;
    }
    try {
      out.collect(Either.Right(codec().decode(record.value())));
    } catch (AvroCodec.DecodeException e) {
      out.collect(Either.Left(deadLetter(record, e.reason(), e.getMessage())));
    } catch (UnsupportedOperationException e) {
      // Avro's limit check on a corrupt length ("Cannot read strings longer than ...") escapes AvroCodec
      out.collect(Either.Left(deadLetter(record, "malformed", "malformed: " + e)));
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(type));
  }

  private AvroCodec<T> codec() {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec;
  }

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String error) {
    return DeadLetters.of(record, reason, error, consumer);
  }
}
