package io.causeway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final AvroCodec<Span> spans = AvroCodec.of(Span.class);

  @Test
  void roundTripsASpanWithSingleObjectEncoding() throws Exception {
    Span span = span();

    byte[] bytes = spans.encode(span);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(spans.decode(bytes)).isEqualTo(span);
  }

  @Test
  void rejectsPayloadsWithoutTheMagicHeader() {
    assertThatThrownBy(() -> spans.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOfSatisfying(
            AvroCodec.DecodeException.class, e -> assertThat(e.reason()).isEqualTo("bad-header"));
  }

  @Test
  void rejectsAnotherRecordTypeAsUnknownSchema() {
    ChangeEvent change =
        ChangeEvent.newBuilder()
            .setId("c1")
            .setService("cartservice")
            .setType(ChangeType.DEPLOY)
            .setTimestamp(T0)
            .setSource("test")
            .build();
    byte[] bytes = AvroCodec.of(ChangeEvent.class).encode(change);

    assertThatThrownBy(() -> spans.decode(bytes))
        .isInstanceOfSatisfying(
            AvroCodec.DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo("unknown-schema"));
  }

  @Test
  void rejectsTruncatedPayloads() {
    byte[] bytes = spans.encode(span());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> spans.decode(truncated))
        .isInstanceOfSatisfying(
            AvroCodec.DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo("truncated"));
  }

  @Test
  void decodesAPayloadOfAnOlderCompatibleSchemaOnlyOnceTheCodecKnowsThatSchema() throws Exception {
    // version 0 of Span, say: no peer, namespace, instance or attributes yet
    List<String> added = List.of("peerService", "namespace", "instance", "attributes");
    Schema older = Schema.createRecord("Span", null, "io.causeway.avro", false,
        Span.getClassSchema().getFields().stream().filter(f -> !added.contains(f.name())).map(f -> new Schema.Field(f, f.schema())).toList());
    GenericRecord old = new GenericData.Record(older);
    old.put("traceId", "t9");
    old.put("spanId", "s9");
    old.put("service", "cartservice");
    old.put("operation", "GetCart");
    old.put("startTime", T0.toEpochMilli());
    old.put("durationMicros", 700L);
    old.put("kind", new GenericData.EnumSymbol(older.getField("kind").schema(), "CLIENT"));
    old.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "OK"));
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.arrayOffset() + buffer.limit());
    AvroCodec<Span> codec = AvroCodec.of(Span.class);

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(AvroCodec.DecodeException.class, e -> assertThat(e.reason()).isEqualTo("unknown-schema"));
    Span span = codec.alsoReading(older).decode(bytes);
    assertThat(span.getService()).isEqualTo("cartservice");
    assertThat(span.getStartTime()).isEqualTo(T0);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes()).as("the reader's default").isEmpty();
    assertThat(span.getPeerService()).isNull();
  }

  @Test
  void decodesTheSameRecordsOnSeveralThreadsSharingOneCodec() throws Exception {
    List<Span> originals = IntStream.range(0, 200)
        .mapToObj(i -> Span.newBuilder(span()).setSpanId("s" + i).setDurationMicros(i).setAttributes(Map.of("i", "x".repeat(i))).build())
        .toList();
    List<byte[]> payloads = originals.stream().map(spans::encode).toList();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Span>>> decoded = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        decoded.add(threads.submit(() -> {
          List<Span> out = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            out.clear();
            for (byte[] payload : payloads) {
              out.add(spans.decode(payload));
            }
          }
          return out;
        }));
      }
      for (Future<List<Span>> result : decoded) {
        assertThat(result.get()).isEqualTo(originals);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void reportsAPayloadShorterThanItsHeaderAsABadHeader() {
    byte[] header = Arrays.copyOf(spans.encode(span()), 9);

    assertThatThrownBy(() -> spans.decode(header))
        .isInstanceOfSatisfying(AvroCodec.DecodeException.class, e -> assertThat(e.reason()).isEqualTo("bad-header"));
  }

  private static Span span() {
    return Span.newBuilder()
        .setTraceId("t1")
        .setSpanId("s1")
        .setParentSpanId(null)
        .setService("frontend")
        .setOperation("GET /")
        .setKind(SpanKind.SERVER)
        .setStartTime(T0)
        .setDurationMicros(1200)
        .setStatus(SpanStatus.OK)
        .setAttributes(Map.of("http.method", "GET"))
        .build();
  }
}
