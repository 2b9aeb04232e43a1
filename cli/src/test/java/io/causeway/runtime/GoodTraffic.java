package io.causeway.runtime;

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
import io.causeway.ingest.otlp.OtlpEncoder;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.runtime.FuzzCorpus.Input;
import io.causeway.runtime.FuzzCorpus.Signal;
import io.causeway.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Good records on every input topic, one round (one 5 s window) at a time, each source with
 * services of its own, shaped so that each leaves a mark in the jobs' outputs:
 *
 * <ul>
 *   <li>spans (Avro and OTLP): four traces a round of a client calling a server, whose latency
 *       jumps from about 10 ms to 300 ms at {@link #SHIFT_ROUND}: an edge {@code
 *       fuzz-<source>-client->fuzz-<source>-server} and a {@code red.latency.p90} anomaly;
 *   <li>metrics: an Avro CPU gauge and an OTLP cumulative error counter that jump at the same
 *       round: one anomaly each;
 *   <li>logs (Avro and OTLP): an error line a round, a new template: a {@code log.new-template}
 *       anomaly (with warm-up off);
 *   <li>correlation's inputs: an anomaly on {@code fuzz-corr} from round 8, a deploy of it at
 *       round 6 and an edge {@code fuzz-corr-caller->fuzz-corr} every round: an incident whose
 *       hypothesis for {@code fuzz-corr} names the deploy and counts the caller in its blast radius.
 * </ul>
 */
final class GoodTraffic {

  static final int ROUNDS = 16;
  static final int SHIFT_ROUND = 12;
  static final Duration ROUND = Duration.ofSeconds(5);
  static final String CHANGE_ID = "fuzz-change-1";
  static final String CORR_SERVICE = "fuzz-corr";
  static final String CORR_CALLER = "fuzz-corr-caller";

  private static final int TRACES_PER_ROUND = 4;
  private static final HexFormat HEX = HexFormat.of();

  private final Instant t0;
  private final Map<Signal, OtlpEncoding> encodings;
  private final OtlpEncoder encoder = new OtlpEncoder("fuzz-good", Map.of());
  private double cumulativeErrors;

  /** @param t0 start of the first round, aligned to a window */
  GoodTraffic(Instant t0, Map<Signal, OtlpEncoding> encodings) {
    this.t0 = t0;
    this.encodings = Map.copyOf(encodings);
  }

  static String client(String source) {
    return "fuzz-" + source + "-client";
  }

  static String server(String source) {
    return "fuzz-" + source + "-server";
  }

  static String metricsService(String source) {
    return "fuzz-" + source + "-metrics";
  }

  static String logsService(String source) {
    return "fuzz-" + source + "-logs";
  }

  Instant roundStart(int round) {
    return t0.plus(ROUND.multipliedBy(round));
  }

  /** Sends round {@code round}'s good records; returns their acknowledgements. */
  List<Future<RecordMetadata>> send(int round, KafkaProducer<byte[], byte[]> producer) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    Instant start = roundStart(round);
    boolean shifted = round >= SHIFT_ROUND;
    for (int i = 0; i < TRACES_PER_ROUND; i++) {
      Instant at = start.plusMillis(100 + 1_000L * i);
      long micros = shifted ? 300_000 + 1_000L * i : 9_500 + 300L * ((round + i) % 4);
      List<Span> avroTrace = trace("avro", round, i, at, micros);
      for (Span span : avroTrace) {
        sent.add(send(producer, Input.SPANS.topic, i, span.getTraceId(), at, AvroCodec.of(Span.class).encode(span)));
      }
      byte[] otlpTrace = OtlpEncoder.payload(encoder.traces(trace("otlp", round, i, at, micros)), encodings.get(Signal.TRACES));
      sent.add(send(producer, Input.OTLP_SPANS.topic, i, null, at, otlpTrace));
    }
    Instant at = start.plusMillis(2_500);
    MetricPoint cpu = point(metricsService("avro"), "fuzz.cpu.utilization", at, shifted ? 0.95 : 0.20 + 0.01 * (round % 3), MetricType.GAUGE);
    sent.add(send(producer, Input.METRICS.topic, 0, cpu.getService(), at, encode(MetricPoint.class, cpu)));
    cumulativeErrors += shifted ? 80 : 2 + round % 2;
    MetricPoint errors = point(metricsService("otlp"), "fuzz.request.errors", at, cumulativeErrors, MetricType.CUMULATIVE_SUM);
    sent.add(send(producer, Input.OTLP_METRICS.topic, 0, null, at, OtlpEncoder.payload(encoder.metrics(List.of(errors)), encodings.get(Signal.METRICS))));
    sent.add(send(producer, Input.LOGS.topic, round % 4, logsService("avro"), at, encode(LogRecord.class, errorLog(logsService("avro"), round, at))));
    byte[] otlpLog = OtlpEncoder.payload(encoder.logs(List.of(errorLog(logsService("otlp"), round, at))), encodings.get(Signal.LOGS));
    sent.add(send(producer, Input.OTLP_LOGS.topic, round % 4, null, at, otlpLog));
    sent.addAll(correlationInputs(round, start, producer));
    return sent;
  }

  private List<Future<RecordMetadata>> correlationInputs(int round, Instant start, KafkaProducer<byte[], byte[]> producer) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    DependencyEdge edge = DependencyEdge.newBuilder().setCaller(CORR_CALLER).setCallee(CORR_SERVICE).setKind(EdgeKind.RPC)
        .setWindowStart(start).setWindowEnd(start.plus(ROUND)).setCalls(50).setErrors(0).setCallsPerSecond(10).setErrorRatio(0)
        .setLatencyP50Ms(4).setLatencyP90Ms(8).setLatencyP99Ms(12).setFirstSeen(t0).setLastSeen(start.plus(ROUND)).build();
    sent.add(send(producer, Input.EDGES.topic, round % 2, CORR_CALLER + "->" + CORR_SERVICE, start.plus(ROUND), encode(DependencyEdge.class, edge)));
    if (round == 6) {
      ChangeEvent deploy = ChangeEvent.newBuilder().setId(CHANGE_ID).setService(CORR_SERVICE).setType(ChangeType.DEPLOY).setTimestamp(start.plusSeconds(1))
          .setVersion("v2").setAuthor("fuzz").setDescription("deploy before the fuzz incident").setSource("fuzz").build();
      sent.add(send(producer, Input.CHANGES.topic, 0, CORR_SERVICE, deploy.getTimestamp(), encode(ChangeEvent.class, deploy)));
    }
    if (round >= 8) {
      Instant detected = start.plusSeconds(4);
      Anomaly anomaly = Anomaly.newBuilder().setId("an-fuzz-corr").setService(CORR_SERVICE).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
          .setOnset(roundStart(8).plusSeconds(4)).setDetectedAt(detected).setScore(40).setObserved(250).setExpected(12).build();
      sent.add(send(producer, Input.ANOMALIES.topic, round % 2, CORR_SERVICE, detected, encode(Anomaly.class, anomaly)));
    }
    return sent;
  }

  /** A client span in {@code fuzz-<source>-client} and its server child in {@code fuzz-<source>-server}. */
  private static List<Span> trace(String source, int round, int i, Instant at, long serverMicros) {
    String traceId = HEX.formatHex(String.format("%-16s", source + "-" + round + "-" + i).getBytes(StandardCharsets.US_ASCII));
    String clientId = HEX.formatHex(String.format("%-8s", "c" + round + "-" + i).getBytes(StandardCharsets.US_ASCII));
    String serverId = HEX.formatHex(String.format("%-8s", "s" + round + "-" + i).getBytes(StandardCharsets.US_ASCII));
    Span client = Span.newBuilder().setTraceId(traceId).setSpanId(clientId).setParentSpanId(null).setService(client(source)).setInstance(client(source) + "-0")
        .setOperation("GET /api").setKind(SpanKind.CLIENT).setStartTime(at).setDurationMicros(serverMicros + 2_000).setStatus(SpanStatus.UNSET)
        .setAttributes(Map.of()).build();
    Span server = Span.newBuilder(client).setSpanId(serverId).setParentSpanId(clientId).setService(server(source)).setInstance(server(source) + "-0")
        .setKind(SpanKind.SERVER).setStartTime(at.plusMillis(1)).setDurationMicros(serverMicros).build();
    return List.of(client, server);
  }

  private static MetricPoint point(String service, String name, Instant at, double value, MetricType type) {
    return MetricPoint.newBuilder().setService(service).setName(name).setLabels(Map.of("pod", service + "-0")).setTimestamp(at).setValue(value)
        .setType(type).setUnit("1").build();
  }

  private static LogRecord errorLog(String service, int round, Instant at) {
    return LogRecord.newBuilder().setService(service).setTimestamp(at).setSeverity(Severity.ERROR)
        .setBody("payment gateway timeout after " + (3000 + round) + " ms for order " + (4711 + round)).setTraceId(null).setSpanId(null)
        .setAttributes(Map.of()).build();
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] encode(Class<T> type, SpecificRecord record) {
    return AvroCodec.of(type).encode((T) record);
  }

  private static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, String key, Instant at, byte[] value) {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(topic, partition, at.toEpochMilli(), keyBytes, value));
  }
}
