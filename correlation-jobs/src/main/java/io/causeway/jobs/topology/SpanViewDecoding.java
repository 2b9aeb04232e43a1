package io.causeway.jobs.topology;

import io.causeway.avro.DeadLetter;
import io.causeway.avro.Span;
import io.causeway.core.topology.SpanView;
import io.causeway.core.topology.SpanViews;
import io.causeway.jobs.DecodingSchema;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the spans topic into span views: straight from the bytes ({@link SpanViewReader}) when
 * the payload is in the current schema and well formed, else through the ordinary decoding
 * ({@link DecodingSchema}), which also decides what is a dead letter and why. So bad input ends
 * up exactly where it did when every span was decoded whole first.
 */
final class SpanViewDecoding implements KafkaRecordDeserializationSchema<Either<DeadLetter, SpanView>> {

  private static final long serialVersionUID = 1L;

  private final DecodingSchema<Span> ordinary;
  private final TypeInformation<SpanView> type;

  SpanViewDecoding(String consumer, TypeInformation<SpanView> type) {
    this.ordinary = new DecodingSchema<>(Span.class, consumer);
    this.type = type;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, SpanView>> out) {
    byte[] payload = record.value();
    if (SpanViewReader.reads(payload)) {
      try {
        out.collect(Either.Right(SpanViewReader.read(payload)));
        return;
      } catch (IOException | RuntimeException e) {
        // malformed: the ordinary decoding below names the reason
      }
    }
    ordinary.deserialize(record, new Collector<>() {
      @Override
      public void collect(Either<DeadLetter, Span> decoded) {
        out.collect(decoded.isRight() ? Either.Right(SpanViews.of(decoded.right())) : Either.Left(decoded.left()));
      }

      @Override
      public void close() {}
    });
  }

  @Override
  public TypeInformation<Either<DeadLetter, SpanView>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), type);
  }
}
