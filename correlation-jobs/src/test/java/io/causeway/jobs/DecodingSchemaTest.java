package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.schemas.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

class DecodingSchemaTest {

  private static final String TOPIC = "telemetry.spans";
  private static final int PARTITION = 3;
  private static final long OFFSET = 4_711;
  private static final Instant APPENDED = Instant.parse("2025-03-01T10:00:01Z");
  private static final byte[] KEY = "trace-1".getBytes(StandardCharsets.UTF_8);

  /** The codes {@link AvroCodec} gives to payloads that are not a record. */
  private static final List<String> DECODE_REASONS = List.of("bad-header", "unknown-schema", "truncated", "malformed");

  private static final Span SPAN =
      Span.newBuilder()
          .setTraceId("trace-1")
          .setSpanId("span-1")
          .setParentSpanId("span-0")
          .setService("productcatalogservice")
          .setOperation("hipstershop.ProductCatalogService/GetProduct")
          .setKind(SpanKind.SERVER)
          .setStartTime(Instant.parse("2025-03-01T10:00:00Z"))
          .setDurationMicros(38_000)
          .setStatus(SpanStatus.UNSET)
          .setAttributes(Map.of("rpc.system", "grpc", "rpc.method", "GetProduct"))
          .build();

  private final DecodingSchema<Span> schema = new DecodingSchema<>(Span.class, "causeway-test");

  @Test
  void decodesAValidPayloadIntoTheRecord() throws Exception {
    List<Either<DeadLetter, Span>> out = decode(schema, AvroCodec.of(Span.class).encode(SPAN));

    assertThat(out).singleElement().satisfies(value -> assertThat(value.isRight()).isTrue());
    assertThat(out.get(0).right()).isEqualTo(SPAN);
  }

  @Test
  void turnsBytesThatAreNotAvroIntoADeadLetterThatKeepsTheirSource() throws Exception {
    byte[] garbage = "{\"traceId\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);

    DeadLetter letter = deadLetter(decode(schema, garbage));

    assertThat(letter.getReason()).isEqualTo("bad-header");
    assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
    assertThat(letter.getPartition()).isEqualTo(PARTITION);
    assertThat(letter.getOffset()).isEqualTo(OFFSET);
    assertThat(letter.getTime()).isEqualTo(APPENDED);
    assertThat(letter.getError()).isNotBlank();
    assertThat(letter.getRawKey()).isEqualTo(ByteBuffer.wrap(KEY));
    assertThat(letter.getRawValue()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(letter.getConsumer()).isEqualTo("causeway-test");
  }

  @Test
  void turnsATruncatedPayloadIntoADeadLetter() throws Exception {
    byte[] valid = AvroCodec.of(Span.class).encode(SPAN);

    DeadLetter letter = deadLetter(decode(schema, Arrays.copyOf(valid, valid.length - 3)));

    // a body cut short is "truncated", or "malformed" when the cut leaves a length that makes no sense
    assertThat(letter.getReason()).isIn("truncated", "malformed");
    assertThat(letter.getRawValue().remaining()).isEqualTo(valid.length - 3);
  }

  @Test
  void turnsEveryTruncationOfAValidPayloadIntoExactlyOneDeadLetter() {
    byte[] valid = AvroCodec.of(Span.class).encode(SPAN);

    for (int length = 0; length < valid.length; length++) {
      byte[] cut = Arrays.copyOf(valid, length);
      assertThat(decodeSafely(cut)).as("payload cut to %d bytes", length).satisfies(DecodingSchemaTest::isOneDecodeDeadLetter);
    }
  }

  @Test
  void turnsEverySingleByteCorruptionIntoOneRecordOrOneDeadLetterWithoutThrowing() {
    byte[] valid = AvroCodec.of(Span.class).encode(SPAN);

    for (int at = 0; at < valid.length; at++) {
      for (int value : new int[] {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        byte[] corrupt = valid.clone();
        corrupt[at] = (byte) value;
        List<Either<DeadLetter, Span>> out = decodeSafely(corrupt);
        assertThat(out).as("byte %d set to %02x", at, value).hasSize(1);
        if (out.get(0).isLeft()) {
          assertThat(out.get(0).left().getReason()).as("byte %d set to %02x", at, value).isIn(DECODE_REASONS);
        }
      }
    }
  }

  @Test
  void turnsAStringLengthBeyondAnyJavaArrayIntoAMalformedDeadLetter() throws Exception {
    byte[] header = Arrays.copyOf(AvroCodec.of(Span.class).encode(SPAN), 10); // magic C3 01 + fingerprint
    byte[] traceIdLength = zigZagVarLong(1L << 33); // the first field, traceId, claims 8 GiB
    byte[] payload = Arrays.copyOf(header, header.length + traceIdLength.length + 4);
    System.arraycopy(traceIdLength, 0, payload, header.length, traceIdLength.length);

    DeadLetter letter = deadLetter(decodeSafely(payload));

    assertThat(letter.getReason()).isEqualTo("malformed");
    assertThat(letter.getOffset()).isEqualTo(OFFSET);
  }

  @Test
  void turnsARecordOfAnotherTypeIntoAnUnknownSchemaDeadLetter() throws Exception {
    Anomaly anomaly =
        Anomaly.newBuilder()
            .setId("an-1")
            .setService("frontend")
            .setSignal("red.latency.p90")
            .setKind(SignalKind.LATENCY)
            .setOnset(Instant.parse("2025-03-01T10:00:05Z"))
            .setDetectedAt(Instant.parse("2025-03-01T10:00:15Z"))
            .setScore(12)
            .setObserved(80)
            .setExpected(20)
            .build();

    DeadLetter letter = deadLetter(decode(schema, AvroCodec.of(Anomaly.class).encode(anomaly)));

    assertThat(letter.getReason()).isEqualTo("unknown-schema");
  }

  @Test
  void marksATombstoneAsSuchRatherThanAsBadInput() throws Exception {
    DeadLetter letter = deadLetter(decode(schema, null));

    assertThat(letter.getReason()).isEqualTo(DecodingSchema.TOMBSTONE_REASON);
    assertThat(letter.getRawValue()).isNull();
    assertThat(letter.getRawKey()).isEqualTo(ByteBuffer.wrap(KEY));
    assertThat(letter.getOffset()).isEqualTo(OFFSET);
  }

  @Test
  void decodesAfterBeingShippedToATaskManager() throws Exception {
    DecodingSchema<Span> shipped = InstantiationUtil.clone(schema);

    assertThat(decode(shipped, AvroCodec.of(Span.class).encode(SPAN))).singleElement().satisfies(v -> assertThat(v.right()).isEqualTo(SPAN));
  }

  @Test
  void declaresAnEitherOfAvroDeadLetterAndAvroRecord() {
    assertThat(schema.getProducedType())
        .isEqualTo(new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(Span.class)));
  }

  // ---------------------------------------------------------------------------------------------

  private static List<Either<DeadLetter, Span>> decode(DecodingSchema<Span> schema, byte[] value) throws Exception {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            TOPIC,
            PARTITION,
            OFFSET,
            APPENDED.toEpochMilli(),
            TimestampType.LOG_APPEND_TIME,
            KEY.length,
            value == null ? -1 : value.length,
            KEY,
            value,
            new RecordHeaders(),
            Optional.empty());
    List<Either<DeadLetter, Span>> out = new ArrayList<>();
    schema.deserialize(record, new ListCollector<>(out));
    return out;
  }

  /** Decodes, turning an exception that escapes the schema into a test failure with its payload. */
  private List<Either<DeadLetter, Span>> decodeSafely(byte[] payload) {
    List<Either<DeadLetter, Span>> out = new ArrayList<>();
    assertThatCode(() -> out.addAll(decode(schema, payload))).as("decoding %s", Arrays.toString(payload)).doesNotThrowAnyException();
    return out;
  }

  private static void isOneDecodeDeadLetter(List<? extends Either<DeadLetter, Span>> out) {
    assertThat(out).singleElement().satisfies(value -> assertThat(value.isLeft()).as("a dead letter").isTrue());
    assertThat(out.get(0).left().getReason()).isIn(DECODE_REASONS);
  }

  private static byte[] zigZagVarLong(long value) {
    long n = (value << 1) ^ (value >> 63);
    byte[] bytes = new byte[10];
    int i = 0;
    while ((n & ~0x7FL) != 0) {
      bytes[i++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    bytes[i++] = (byte) n;
    return Arrays.copyOf(bytes, i);
  }

  private static DeadLetter deadLetter(List<Either<DeadLetter, Span>> out) {
    assertThat(out).singleElement().satisfies(value -> assertThat(value.isLeft()).as("a dead letter").isTrue());
    return out.get(0).left();
  }
}
