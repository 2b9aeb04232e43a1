package io.causeway.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.Span;
import io.causeway.ingest.otlp.OtlpDecodeException;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.otlp.OtlpJson;
import io.causeway.ingest.otlp.OtlpSpanDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OtlpDeserializationSchemaTest {

  private static final String TOPIC = "otlp_spans";
  private static final int PARTITION = 2;
  private static final long OFFSET = 815;
  private static final Instant APPENDED = Instant.parse("2025-03-01T10:00:01Z");
  private static final long START_NANOS = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli() * 1_000_000L;

  private final OtlpDeserializationSchema<Span> proto = schema(OtlpEncoding.PROTO);

  static OtlpDeserializationSchema<Span> schema(OtlpEncoding encoding) {
    return new OtlpDeserializationSchema<>(() -> new OtlpSpanDecoder(encoding), new AvroTypeInfo<>(Span.class), "causeway-topology");
  }

  static ExportTraceServiceRequest twoSpans() {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (String spanId : List.of("eee19b7ec3c1b174", "eee19b7ec3c1b175")) {
      scope.addSpans(
          io.opentelemetry.proto.trace.v1.Span.newBuilder()
              .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
              .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)))
              .setName("GetCart")
              .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(START_NANOS)
              .setEndTimeUnixNano(START_NANOS + 2_000_000));
    }
    Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("cartservice"))).build();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
  }

  @Test
  void turnsOneRequestIntoEverySpanItHolds() throws Exception {
    List<Either<DeadLetter, Span>> out = deserialize(proto, twoSpans().toByteArray());

    assertThat(out).hasSize(2).allSatisfy(value -> assertThat(value.isRight()).isTrue());
    assertThat(out).extracting(v -> v.right().getSpanId()).containsExactly("eee19b7ec3c1b174", "eee19b7ec3c1b175");
    assertThat(out).extracting(v -> v.right().getService()).containsOnly("cartservice");
  }

  @Test
  void readsTheCollectorsJsonOnAJsonTopic() throws Exception {
    byte[] json = OtlpJson.print(twoSpans()).getBytes(StandardCharsets.UTF_8);

    assertThat(deserialize(schema(OtlpEncoding.JSON), json)).extracting(v -> v.right()).isEqualTo(deserialize(proto, twoSpans().toByteArray()).stream().map(Either::right).toList());
  }

  @Test
  void turnsATruncatedRequestIntoOneDeadLetterThatKeepsItsSourceAndBytes() throws Exception {
    byte[] valid = twoSpans().toByteArray();
    byte[] cut = Arrays.copyOf(valid, valid.length - 5);

    DeadLetter letter = deadLetter(deserialize(proto, cut));

    assertThat(letter.getReason()).isEqualTo(OtlpDecodeException.MALFORMED);
    assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
    assertThat(letter.getPartition()).isEqualTo(PARTITION);
    assertThat(letter.getOffset()).isEqualTo(OFFSET);
    assertThat(letter.getTime()).isEqualTo(APPENDED);
    assertThat(letter.getRawValue()).isEqualTo(ByteBuffer.wrap(cut));
    assertThat(letter.getConsumer()).isEqualTo("causeway-topology");
    assertThat(letter.getError()).startsWith("otlp-malformed: ");
  }

  @Test
  void turnsJsonOnAProtoTopicAndARecordWithoutValueIntoDeadLettersWithTheirReasons() throws Exception {
    assertThat(deadLetter(deserialize(proto, OtlpJson.print(twoSpans()).getBytes(StandardCharsets.UTF_8))).getReason()).isEqualTo(OtlpDecodeException.WRONG_ENCODING);
    assertThat(deadLetter(deserialize(proto, null)).getReason()).isEqualTo(OtlpDecodeException.NULL_PAYLOAD);
  }

  @Test
  void turnsEveryTruncationIntoSpansOrExactlyOneDeadLetterWithoutThrowing() throws Exception {
    byte[] valid = twoSpans().toByteArray();

    for (int length = 0; length < valid.length; length++) {
      List<Either<DeadLetter, Span>> out = deserialize(proto, Arrays.copyOf(valid, length));
      if (out.stream().anyMatch(Either::isLeft)) {
        assertThat(out).as("cut to %d bytes", length).hasSize(1);
      } else {
        assertThat(out).as("cut to %d bytes", length).hasSizeLessThan(2);
      }
    }
  }

  @Test
  void decodesAfterBeingShippedToATaskManager() throws Exception {
    OtlpDeserializationSchema<Span> shipped = InstantiationUtil.clone(proto);

    assertThat(deserialize(shipped, twoSpans().toByteArray())).hasSize(2);
  }

  @Test
  void declaresAnEitherOfAvroDeadLetterAndTheRecordType() {
    assertThat(proto.getProducedType()).isEqualTo(new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(Span.class)));
  }

  private static List<Either<DeadLetter, Span>> deserialize(OtlpDeserializationSchema<Span> schema, byte[] value) throws Exception {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(TOPIC, PARTITION, OFFSET, APPENDED.toEpochMilli(), TimestampType.CREATE_TIME, 0, value == null ? -1 : value.length, null, value, new RecordHeaders(), Optional.empty());
    List<Either<DeadLetter, Span>> out = new ArrayList<>();
    schema.deserialize(record, new ListCollector<>(out));
    return out;
  }

  private static DeadLetter deadLetter(List<Either<DeadLetter, Span>> out) {
    assertThat(out).singleElement().satisfies(value -> assertThat(value.isLeft()).as("a dead letter").isTrue());
    return out.get(0).left();
  }
}
