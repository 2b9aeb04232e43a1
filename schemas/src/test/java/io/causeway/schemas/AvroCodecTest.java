package io.causeway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
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
