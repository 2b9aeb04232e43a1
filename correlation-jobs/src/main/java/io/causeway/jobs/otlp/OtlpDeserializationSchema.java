package io.causeway.jobs.otlp;

import io.causeway.avro.DeadLetter;
import io.causeway.ingest.otlp.OtlpDecodeException;
import io.causeway.ingest.otlp.OtlpDecoder;
import io.causeway.schemas.DeadLetters;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads one OTLP topic: each Kafka record (one Export*ServiceRequest) becomes every normalised
 * record it holds, or one {@link DeadLetter} with the source topic, partition, offset, raw bytes
 * and the decoder's reason. No input makes it throw: an unexpected failure of the mapping is a
 * dead letter too ({@value #MAPPING_FAILED}).
 */
final class OtlpDeserializationSchema<T> implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

  private static final long serialVersionUID = 1L;

  /** Reason of a dead letter whose mapping failed in a way the decoders did not foresee. */
  static final String MAPPING_FAILED = "otlp-mapping-failed";

  /** Makes the decoder on the task manager (decoders are not serializable). */
  @FunctionalInterface
  interface DecoderFactory<T> extends Serializable {
    OtlpDecoder<T> create();
  }

  private final DecoderFactory<T> factory;
  private final TypeInformation<T> type;
  private final String consumer;
  private transient OtlpDecoder<T> decoder;

  OtlpDeserializationSchema(DecoderFactory<T> factory, TypeInformation<T> type, String consumer) {
    this.factory = factory;
    this.type = type;
    this.consumer = consumer;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    java.util.List<T> decoded;
    try {
      decoded = decoder().decode(record.value(), Math.max(record.timestamp(), 0));
    } catch (OtlpDecodeException e) {
      out.collect(Either.Left(DeadLetters.of(record, e.reason(), e.getMessage(), consumer)));
      return;
    } catch (RuntimeException e) {
      out.collect(Either.Left(DeadLetters.of(record, MAPPING_FAILED, MAPPING_FAILED + ": " + e, consumer)));
      return;
    }
    for (T value : decoded) {
      out.collect(Either.Right(value));
    }
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), type);
  }

  private OtlpDecoder<T> decoder() {
    if (decoder == null) {
      decoder = factory.create();
    }
    return decoder;
  }
}
