package io.causeway.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.Severity;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.ingest.otlp.OtlpDecodeException;
import io.causeway.ingest.otlp.OtlpEncoder;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.otlp.OtlpJson;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.Topic;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bad records for every input topic of the jobs, each built so that it cannot be read (not merely
 * unlikely to be): seeded, so a run is repeatable. Each knows which dead-letter reasons are right
 * for it. {@link FuzzCorpusTest} checks every kind against the decoders; {@code OtlpFuzzITCase}
 * sends thousands through the running jobs.
 *
 * <p>Kinds: random bytes that break the format's first byte; valid records cut short; records of
 * another schema or signal; the other OTLP encoding; OTLP that parses but breaks its rules (ids of
 * the wrong length, a metric without data); empty and null values; and oversized ones (up to about
 * 1 MB: garbage, long valid payloads cut short, Avro lengths claiming gigabytes).
 */
final class FuzzCorpus {

  /** The jobs' input topics, their partitions and the consumer groups that read them. */
  enum Input {
    SPANS(Topic.SPANS.defaultName(), 4, Span.class, null, "causeway-topology", "causeway-detection"),
    METRICS(Topic.METRICS.defaultName(), 4, MetricPoint.class, null, "causeway-detection"),
    LOGS(Topic.LOGS.defaultName(), 4, LogRecord.class, null, "causeway-detection"),
    CHANGES(Topic.CHANGES.defaultName(), 1, ChangeEvent.class, null, "causeway-correlation"),
    ANOMALIES(Topic.ANOMALIES.defaultName(), 2, Anomaly.class, null, "causeway-correlation"),
    EDGES(Topic.EDGES.defaultName(), 2, DependencyEdge.class, null, "causeway-correlation", "causeway-detection"),
    OTLP_SPANS("otlp_spans", CausewayRuntime.OTLP_PARTITIONS, null, Signal.TRACES, "causeway-topology", "causeway-detection"),
    OTLP_METRICS("otlp_metrics", CausewayRuntime.OTLP_PARTITIONS, null, Signal.METRICS, "causeway-detection"),
    OTLP_LOGS("otlp_logs", CausewayRuntime.OTLP_PARTITIONS, null, Signal.LOGS, "causeway-detection");

    final String topic;
    final int partitions;
    final Class<? extends SpecificRecord> avroType;
    final Signal signal;
    final List<String> consumers;

    Input(String topic, int partitions, Class<? extends SpecificRecord> avroType, Signal signal, String... consumers) {
      this.topic = topic;
      this.partitions = partitions;
      this.avroType = avroType;
      this.signal = signal;
      this.consumers = List.of(consumers);
    }

    boolean isOtlp() {
      return signal != null;
    }
  }

  enum Signal { TRACES, METRICS, LOGS }

  enum Kind { CORRUPT, TRUNCATED, WRONG_SCHEMA, WRONG_ENCODING, INVALID, EMPTY, NULL, OVERSIZED }

  /** One bad record: where it goes, what it is, and the reasons a dead letter for it may give. */
  record Bad(Input input, Kind kind, byte[] key, byte[] value, Set<String> reasons) {}

  /** How many records in each topic's batch of {@link #OVERSIZED_EVERY} are oversized: one. */
  static final int OVERSIZED_EVERY = 120;
  /** Largest value sent: below the producer's and broker's 1 MB defaults. */
  static final int MAX_VALUE_BYTES = 1_000_000;

  private static final Set<String> AVRO_HEADER = Set.of("bad-header");
  private static final Set<String> AVRO_CUT = Set.of("bad-header", "truncated", "malformed");
  private static final Set<String> PROTO_BROKEN = Set.of(OtlpDecodeException.MALFORMED, OtlpDecodeException.WRONG_ENCODING);
  private static final Set<String> ANY_OTLP_REFUSAL =
      Set.of(OtlpDecodeException.MALFORMED, OtlpDecodeException.WRONG_ENCODING, OtlpDecodeException.INVALID, OtlpDecodeException.EMPTY, OtlpDecodeException.UNSUPPORTED);
  private static final Kind[] AVRO_KINDS = {Kind.CORRUPT, Kind.TRUNCATED, Kind.WRONG_SCHEMA, Kind.WRONG_ENCODING, Kind.EMPTY};
  private static final Kind[] OTLP_KINDS = {Kind.CORRUPT, Kind.TRUNCATED, Kind.WRONG_SCHEMA, Kind.WRONG_ENCODING, Kind.INVALID, Kind.EMPTY, Kind.NULL};
  /** First bytes no protobuf message can start with: field number 0, or wire types 6 and 7. */
  private static final byte[] INVALID_PROTO_TAGS = {0x00, 0x06, 0x07, 0x0E, 0x0F, 0x16, 0x17, 0x1E, 0x1F};
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<Class<? extends SpecificRecord>, AvroCodec<? extends SpecificRecord>> CODECS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<Signal, OtlpEncoding> encodings;
  private final Instant at;
  private final OtlpEncoder encoder = new OtlpEncoder("fuzz", Map.of());

  /**
   * @param encodings the encoding the jobs are configured to read on each OTLP topic
   * @param at the event time put into the valid records that are then broken
   */
  FuzzCorpus(Map<Signal, OtlpEncoding> encodings, Instant at) {
    this.encodings = Map.copyOf(encodings);
    this.at = at;
  }

  /** The {@code index}-th bad record of {@code input}; the same index always gives the same record. */
  Bad bad(Input input, int index) {
    Random random = new Random(input.ordinal() * 1_000_003L + index);
    byte[] key = input.isOtlp() ? null : ("fuzz-" + index).getBytes(StandardCharsets.UTF_8);
    if (index % OVERSIZED_EVERY == OVERSIZED_EVERY - 1) {
      return oversized(input, key, random, index / OVERSIZED_EVERY);
    }
    Kind[] kinds = input.isOtlp() ? OTLP_KINDS : AVRO_KINDS;
    Kind kind = kinds[index % kinds.length];
    return input.isOtlp() ? otlp(input, kind, random) : avro(input, kind, key, random);
  }

  // ---- Avro topics

  private Bad avro(Input input, Kind kind, byte[] key, Random random) {
    return switch (kind) {
      case CORRUPT -> new Bad(input, kind, key, garbage(random, 1 + random.nextInt(600), (byte) 0xC3), AVRO_HEADER);
      case TRUNCATED -> new Bad(input, kind, key, cut(avroRecord(input.avroType, random), random), AVRO_CUT);
      case WRONG_SCHEMA -> new Bad(input, kind, key, avroRecord(otherType(input.avroType, random), random), Set.of("unknown-schema"));
      case WRONG_ENCODING -> new Bad(input, kind, key, otlpPayload(Signal.values()[random.nextInt(3)], OtlpEncoding.values()[random.nextInt(2)], random), AVRO_HEADER);
      case EMPTY -> new Bad(input, kind, key, new byte[0], AVRO_CUT);
      default -> throw new IllegalArgumentException(kind + " is not made for Avro topics");
    };
  }

  /** Every fifth is about 1 MB, the others 64-256 KB; on Avro topics every third is a length bomb instead. */
  private Bad oversized(Input input, byte[] key, Random random, int nth) {
    int size = nth % 5 == 0 ? MAX_VALUE_BYTES - random.nextInt(1_000) : 64 * 1024 + random.nextInt(192 * 1024);
    if (!input.isOtlp()) {
      return nth % 3 == 2
          ? new Bad(input, Kind.OVERSIZED, key, lengthBomb(input.avroType, random), AVRO_CUT)
          : new Bad(input, Kind.OVERSIZED, key, garbage(random, size, (byte) 0xC3), AVRO_HEADER);
    }
    OtlpEncoding encoding = encodings.get(input.signal);
    byte[] large = otlpPayload(input.signal, encoding, random, size);
    byte[] cut = Arrays.copyOf(large, large.length - 1 - random.nextInt(100));
    return new Bad(input, Kind.OVERSIZED, null, cut, encoding == OtlpEncoding.PROTO ? PROTO_BROKEN : Set.of(OtlpDecodeException.MALFORMED));
  }

  /** The single-object header of {@code type}, then a string length of about a terabyte. */
  private static byte[] lengthBomb(Class<? extends SpecificRecord> type, Random random) {
    byte[] header = Arrays.copyOf(avroRecord(type, random), 10);
    ByteBuffer bomb = ByteBuffer.allocate(40).put(header);
    long zigzag = (1L << 40) << 1; // Avro lengths are zigzag varints
    while ((zigzag & ~0x7FL) != 0) {
      bomb.put((byte) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    bomb.put((byte) zigzag).put((byte) 'x');
    return Arrays.copyOf(bomb.array(), bomb.position());
  }

  static byte[] avroRecord(Class<? extends SpecificRecord> type, Random random) {
    return encode(type, sample(type, random));
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] encode(Class<T> type, SpecificRecord record) {
    return ((AvroCodec<T>) codec(type)).encode((T) record);
  }

  /** One codec per type: making one parses its schema. */
  static AvroCodec<? extends SpecificRecord> codec(Class<? extends SpecificRecord> type) {
    return CODECS.computeIfAbsent(type, AvroCodec::of);
  }

  private static Class<? extends SpecificRecord> otherType(Class<? extends SpecificRecord> type, Random random) {
    List<Class<? extends SpecificRecord>> others =
        List.<Class<? extends SpecificRecord>>of(Span.class, MetricPoint.class, LogRecord.class, ChangeEvent.class, Anomaly.class, DependencyEdge.class).stream().filter(t -> t != type).toList();
    return others.get(random.nextInt(others.size()));
  }

  /** A valid record of {@code type} with random content. */
  static SpecificRecord sample(Class<? extends SpecificRecord> type, Random random) {
    Instant time = Instant.parse("2026-01-01T00:00:00Z").plusMillis(random.nextInt(1_000_000));
    String service = word(random);
    if (type == Span.class) {
      return span(random, service, time);
    }
    if (type == MetricPoint.class) {
      return MetricPoint.newBuilder().setService(service).setName(word(random) + ".usage").setLabels(Map.of("pod", word(random)))
          .setTimestamp(time).setValue(random.nextDouble()).setType(MetricType.GAUGE).setUnit("1").build();
    }
    if (type == LogRecord.class) {
      return log(random, service, time);
    }
    if (type == ChangeEvent.class) {
      return ChangeEvent.newBuilder().setId("chg-" + word(random)).setService(service).setType(ChangeType.DEPLOY).setTimestamp(time)
          .setVersion("v" + random.nextInt(100)).setDescription(word(random) + " " + word(random)).setSource("fuzz").build();
    }
    if (type == Anomaly.class) {
      return Anomaly.newBuilder().setId("an-" + word(random)).setService(service).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
          .setOnset(time).setDetectedAt(time).setScore(random.nextDouble() * 20).setObserved(100).setExpected(10).build();
    }
    return DependencyEdge.newBuilder().setCaller(service).setCallee(word(random)).setKind(EdgeKind.RPC).setWindowStart(time).setWindowEnd(time.plusSeconds(5))
        .setCalls(random.nextInt(100)).setErrors(0).setCallsPerSecond(1).setErrorRatio(0).setLatencyP50Ms(1).setLatencyP90Ms(2).setLatencyP99Ms(3)
        .setFirstSeen(time).setLastSeen(time).build();
  }

  // ---- OTLP topics

  private Bad otlp(Input input, Kind kind, Random random) {
    OtlpEncoding encoding = encodings.get(input.signal);
    boolean proto = encoding == OtlpEncoding.PROTO;
    return switch (kind) {
      case CORRUPT -> proto
          ? new Bad(input, kind, null, corruptProto(random), Set.of(OtlpDecodeException.MALFORMED))
          : corruptJson(input, random);
      case TRUNCATED -> new Bad(input, kind, null, cut(otlpPayload(input.signal, encoding, random), random), proto ? PROTO_BROKEN : Set.of(OtlpDecodeException.MALFORMED));
      case WRONG_SCHEMA -> wrongSchema(input, encoding, random);
      case WRONG_ENCODING -> new Bad(input, kind, null, otlpPayload(input.signal, proto ? OtlpEncoding.JSON : OtlpEncoding.PROTO, random),
          proto ? Set.of(OtlpDecodeException.WRONG_ENCODING) : PROTO_BROKEN);
      case INVALID -> invalid(input, encoding, random);
      case EMPTY -> new Bad(input, kind, null, new byte[0], Set.of(OtlpDecodeException.EMPTY));
      case NULL -> new Bad(input, kind, null, null, Set.of(OtlpDecodeException.NULL_PAYLOAD));
      case OVERSIZED -> throw new IllegalArgumentException("oversized records are made by oversized()");
    };
  }

  private static byte[] corruptProto(Random random) {
    byte[] bytes = garbage(random, 1 + random.nextInt(600), (byte) 0);
    bytes[0] = INVALID_PROTO_TAGS[random.nextInt(INVALID_PROTO_TAGS.length)];
    return bytes;
  }

  /** Either '{' and a bare word (JSON wants a quoted name), or binary that does not start like JSON. */
  private static Bad corruptJson(Input input, Random random) {
    if (random.nextBoolean()) {
      StringBuilder text = new StringBuilder("{").append((char) ('a' + random.nextInt(26)));
      for (int i = random.nextInt(300); i > 0; i--) {
        text.append((char) (' ' + random.nextInt(95)));
      }
      return new Bad(input, Kind.CORRUPT, null, text.toString().getBytes(StandardCharsets.UTF_8), Set.of(OtlpDecodeException.MALFORMED));
    }
    byte[] bytes = garbage(random, 1 + random.nextInt(600), (byte) 0);
    bytes[0] = (byte) (0x80 + random.nextInt(0x3B)); // 0x80..0xBA: neither whitespace, '{' nor a byte-order mark
    return new Bad(input, Kind.CORRUPT, null, bytes, Set.of(OtlpDecodeException.WRONG_ENCODING));
  }

  /** Another signal's request, or an Avro record; in JSON also a request whose field has the wrong type. */
  private Bad wrongSchema(Input input, OtlpEncoding encoding, Random random) {
    int choice = random.nextInt(3);
    if (choice == 0) {
      return new Bad(input, Kind.WRONG_SCHEMA, null, avroRecord(avroTypeOf(input.signal), random),
          encoding == OtlpEncoding.PROTO ? ANY_OTLP_REFUSAL : Set.of(OtlpDecodeException.WRONG_ENCODING));
    }
    if (choice == 1 && encoding == OtlpEncoding.JSON) {
      String field = switch (input.signal) {
        case TRACES -> "resourceSpans";
        case METRICS -> "resourceMetrics";
        case LOGS -> "resourceLogs";
      };
      String json = "{\"" + field + "\": " + List.of("42", "\"all\"", "{\"resource\": {}}", "[17]").get(random.nextInt(4)) + "}";
      return new Bad(input, Kind.WRONG_SCHEMA, null, json.getBytes(StandardCharsets.UTF_8), Set.of(OtlpDecodeException.MALFORMED));
    }
    Signal other = Signal.values()[(input.signal.ordinal() + 1 + random.nextInt(2)) % 3];
    return new Bad(input, Kind.WRONG_SCHEMA, null, otlpPayload(other, encoding, random), encoding == OtlpEncoding.PROTO ? ANY_OTLP_REFUSAL : Set.of(OtlpDecodeException.EMPTY));
  }

  /** Readable OTLP that breaks its rules: ids of the wrong length, ids that are not hex, a metric without data. */
  private Bad invalid(Input input, OtlpEncoding encoding, Random random) {
    Message request;
    switch (input.signal) {
      case TRACES -> {
        ExportTraceServiceRequest valid = encoder.traces(List.of(span(random, word(random), at)));
        var span = valid.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder().setTraceId(ByteString.copyFrom(bytes(random, 1 + random.nextInt(15))));
        request = valid.toBuilder().setResourceSpans(0, valid.getResourceSpans(0).toBuilder().setScopeSpans(0, valid.getResourceSpans(0).getScopeSpans(0).toBuilder().setSpans(0, span))).build();
      }
      case LOGS -> {
        ExportLogsServiceRequest valid = encoder.logs(List.of(log(random, word(random), at)));
        var log = valid.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).toBuilder().setSpanId(ByteString.copyFrom(bytes(random, 1 + random.nextInt(7))));
        request = valid.toBuilder().setResourceLogs(0, valid.getResourceLogs(0).toBuilder().setScopeLogs(0, valid.getResourceLogs(0).getScopeLogs(0).toBuilder().setLogRecords(0, log))).build();
      }
      case METRICS -> request = ExportMetricsServiceRequest.newBuilder()
          .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(word(random) + ".future").setUnit("1"))))
          .build();
      default -> throw new IllegalStateException();
    }
    String reason = input.signal == Signal.METRICS ? OtlpDecodeException.UNSUPPORTED : OtlpDecodeException.INVALID;
    if (encoding == OtlpEncoding.JSON && input.signal != Signal.METRICS && random.nextBoolean()) {
      // hex digits the JSON cannot be: the id rewrite refuses them before protobuf sees them
      String json = OtlpJson.print(request).replaceFirst("\"(traceId|spanId)\":\"[0-9a-f]*\"", "\"$1\":\"" + "zq".repeat(8) + "\"");
      return new Bad(input, Kind.INVALID, null, json.getBytes(StandardCharsets.UTF_8), Set.of(OtlpDecodeException.MALFORMED));
    }
    return new Bad(input, Kind.INVALID, null, OtlpEncoder.payload(request, encoding), Set.of(reason));
  }

  private byte[] otlpPayload(Signal signal, OtlpEncoding encoding, Random random) {
    return otlpPayload(signal, encoding, random, 0);
  }

  /** A valid request of one resource; at least {@code minBytes} long thanks to one long attribute. */
  private byte[] otlpPayload(Signal signal, OtlpEncoding encoding, Random random, int minBytes) {
    String service = word(random);
    String filler = minBytes > 0 ? "x".repeat(minBytes) : word(random);
    Message request = switch (signal) {
      case TRACES -> encoder.traces(List.of(Span.newBuilder(span(random, service, at)).setAttributes(Map.of("filler", filler)).build(), span(random, service, at)));
      case METRICS -> encoder.metrics(List.of(MetricPoint.newBuilder().setService(service).setName("fuzz.usage").setLabels(Map.of("filler", filler))
          .setTimestamp(at).setValue(random.nextDouble()).setType(MetricType.GAUGE).setUnit("1").build()));
      case LOGS -> encoder.logs(List.of(LogRecord.newBuilder(log(random, service, at)).setAttributes(Map.of("filler", filler)).build()));
    };
    byte[] payload = OtlpEncoder.payload(request, encoding);
    return payload.length <= MAX_VALUE_BYTES ? payload : Arrays.copyOf(payload, MAX_VALUE_BYTES);
  }

  private static Class<? extends SpecificRecord> avroTypeOf(Signal signal) {
    return switch (signal) {
      case TRACES -> Span.class;
      case METRICS -> MetricPoint.class;
      case LOGS -> LogRecord.class;
    };
  }

  // ---- building blocks

  private static Span span(Random random, String service, Instant time) {
    return Span.newBuilder().setTraceId(HEX.formatHex(bytes(random, 16))).setSpanId(HEX.formatHex(bytes(random, 8))).setParentSpanId(null)
        .setService(service).setInstance(service + "-0").setOperation("GET /" + word(random)).setKind(SpanKind.SERVER).setStartTime(time)
        .setDurationMicros(random.nextInt(100_000)).setStatus(SpanStatus.OK).setAttributes(Map.of("http.route", "/" + word(random))).build();
  }

  private static LogRecord log(Random random, String service, Instant time) {
    return LogRecord.newBuilder().setService(service).setTimestamp(time).setSeverity(Severity.ERROR).setBody(word(random) + " failed " + random.nextInt())
        .setTraceId(HEX.formatHex(bytes(random, 16))).setSpanId(HEX.formatHex(bytes(random, 8))).setAttributes(Map.of()).build();
  }

  /** A valid payload cut to a random length in [1, length - 1]. */
  private static byte[] cut(byte[] valid, Random random) {
    return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
  }

  /** Random bytes whose first byte is anything but {@code notFirst}. */
  private static byte[] garbage(Random random, int length, byte notFirst) {
    byte[] bytes = bytes(random, length);
    while (bytes[0] == notFirst) {
      bytes[0] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** Random bytes, none all zero (an all-zero id would be refused for that reason instead). */
  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    bytes[0] |= 1;
    return bytes;
  }

  private static String word(Random random) {
    char[] letters = new char[4 + random.nextInt(12)];
    for (int i = 0; i < letters.length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(letters);
  }
}
