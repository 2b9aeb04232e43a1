package io.causeway.jobs.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeadLetter;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.core.topology.SpanView;
import io.causeway.core.topology.SpanViews;
import io.causeway.jobs.DecodingSchema;
import io.causeway.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Reading span views straight from the bytes gives what decoding the whole span and then viewing it gives, bad input included. */
class SpanViewDecodingTest {

  private static final AvroCodec<Span> CODEC = AvroCodec.of(Span.class);
  private static final String[] ATTRIBUTE_KEYS = {
    "peer.service", "db.name", "db.system", "messaging.destination.name", "server.address", "messaging.system", "http.method", "rpc.system", "db.statement", "net.peer.name"
  };

  private final SpanViewDecoding decoding = new SpanViewDecoding("causeway-test", TopologyJob.SPAN_VIEW);
  private final DecodingSchema<Span> ordinary = new DecodingSchema<>(Span.class, "causeway-test");

  @Test
  void readsTheSameViewAsDecodingTheWholeSpanForRandomSpans() throws Exception {
    Random random = new Random(20250301L);
    for (int i = 0; i < 5_000; i++) {
      Span span = randomSpan(random, i);
      byte[] payload = CODEC.encode(span);

      assertThat(SpanViewReader.reads(payload)).isTrue();
      assertThat(SpanViewReader.read(payload)).as("read straight from the bytes, span %d", i).isEqualTo(SpanViews.of(span));
      assertThat(decode(decoding, payload)).as("span %d: %s", i, span).containsExactly(Either.Right(SpanViews.of(span)));
    }
  }

  @Test
  void sendsEveryTruncatedOrCorruptedPayloadWhereTheOrdinaryDecodingSendsIt() {
    Random random = new Random(7L);
    for (int i = 0; i < 200; i++) {
      byte[] payload = CODEC.encode(randomSpan(random, i));
      for (int length = 0; length < payload.length; length++) {
        assertSameAsOrdinary(Arrays.copyOf(payload, length));
      }
      for (int flip = 0; flip < 20; flip++) {
        byte[] corrupted = payload.clone();
        corrupted[10 + random.nextInt(payload.length - 10)] = (byte) random.nextInt(256);
        assertSameAsOrdinary(corrupted);
      }
    }
    assertSameAsOrdinary(null);
  }

  @Test
  void knowsTheFieldsOfTheCurrentSpanSchema() {
    assertThat(SpanViewReader.matches(Span.getClassSchema()))
        .as("Span.avsc changed: update SpanViewReader, which reads its fields in order, or it falls back to decoding whole spans")
        .isTrue();
  }

  private void assertSameAsOrdinary(byte[] payload) {
    List<Either<DeadLetter, SpanView>> expected = new ArrayList<>();
    for (Either<DeadLetter, Span> e : decode(ordinary, payload)) {
      expected.add(e.isRight() ? Either.Right(SpanViews.of(e.right())) : Either.Left(e.left()));
    }
    List<Either<DeadLetter, SpanView>> actual = decode(decoding, payload);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      if (expected.get(i).isLeft()) {
        assertThat(actual.get(i).isLeft()).isTrue();
        assertThat(actual.get(i).left().getReason()).isEqualTo(expected.get(i).left().getReason());
      } else {
        assertThat(actual.get(i)).isEqualTo(expected.get(i));
      }
    }
  }

  private static <T> List<Either<DeadLetter, T>> decode(org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<Either<DeadLetter, T>> schema, byte[] payload) {
    List<Either<DeadLetter, T>> out = new ArrayList<>();
    try {
      schema.deserialize(new ConsumerRecord<>("telemetry.spans", 0, 42L, "k".getBytes(StandardCharsets.UTF_8), payload), new Collector<>() {
        @Override
        public void collect(Either<DeadLetter, T> record) {
          out.add(record);
        }

        @Override
        public void close() {}
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  private static Span randomSpan(Random random, int i) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int a = random.nextInt(6); a > 0; a--) {
      attributes.put(ATTRIBUTE_KEYS[random.nextInt(ATTRIBUTE_KEYS.length)], random.nextInt(5) == 0 ? " " : "v" + random.nextInt(100) + "é");
    }
    return Span.newBuilder()
        .setTraceId("trace-" + random.nextInt(1_000))
        .setSpanId("span-" + i)
        .setParentSpanId(random.nextBoolean() ? null : "span-" + random.nextInt(i + 1))
        .setService("svc-" + random.nextInt(5))
        .setNamespace(random.nextInt(3) == 0 ? null : random.nextBoolean() ? " " : "shop")
        .setInstance(random.nextBoolean() ? null : "pod-" + random.nextInt(9))
        .setOperation("op/" + random.nextInt(50))
        .setKind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
        .setStartTime(Instant.ofEpochMilli(1_740_823_200_000L + random.nextInt(1_000_000)))
        .setDurationMicros(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1_000_000))
        .setStatus(SpanStatus.values()[random.nextInt(SpanStatus.values().length)])
        .setPeerService(random.nextInt(3) == 0 ? null : random.nextBoolean() ? "" : "peer-" + random.nextInt(4))
        .setAttributes(attributes)
        .build();
  }
}
