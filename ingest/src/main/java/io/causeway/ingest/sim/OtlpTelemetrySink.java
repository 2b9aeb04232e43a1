package io.causeway.ingest.sim;

import com.google.protobuf.Message;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.otlp.OtlpEncoder;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes the simulator's telemetry as the OpenTelemetry Collector's Kafka exporter would: spans,
 * metrics and logs as OTLP {@code Export*ServiceRequest}s ({@link OtlpEncoder}) on the {@code
 * otlp_spans}, {@code otlp_metrics} and {@code otlp_logs} topics, in {@code otlp_proto} or {@code
 * otlp_json}, with no key (the exporter's default). Change events do not travel through the
 * Collector: they go to the changes topic in Avro, as {@link KafkaTelemetrySink} writes them.
 *
 * <p>Records are batched like the Collector's batch processor: a request is sent when a signal has
 * {@link #MAX_RECORDS_PER_REQUEST} records waiting and at every {@link #flush}, so one request stays
 * well below Kafka's default 1 MB message limit. A request's Kafka timestamp is the latest event
 * time in it (what a Collector exporting at that moment would stamp). Failed sends are reported by
 * the next {@link #flush} or {@link #close}, as in {@link KafkaTelemetrySink}.
 */
public final class OtlpTelemetrySink implements TelemetrySink {

  /** Records of one signal in one request at most. */
  public static final int MAX_RECORDS_PER_REQUEST = 500;
  /** The instrumentation scope of every record. */
  public static final String SCOPE = "io.causeway.sim";

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, byte[]> producer;
  private final OtlpEncoding encoding;
  private final Topics topics;
  private final OtlpEncoder encoder = new OtlpEncoder(SCOPE, Map.of("k8s.namespace.name", OnlineBoutique.NAMESPACE));
  private final Serializer<ChangeEvent> changes = AvroSerde.serializer(ChangeEvent.class);
  private final SendFailures failures = new SendFailures();
  private final List<Span> spans = new ArrayList<>();
  private final List<MetricPoint> metrics = new ArrayList<>();
  private final List<LogRecord> logs = new ArrayList<>();

  /** The three OTLP topics (the Collector's defaults) and the changes topic. */
  public record Topics(String spans, String metrics, String logs, String changes) {

    public Topics {
      for (String name : new String[] {spans, metrics, logs, changes}) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("topic names must not be blank: " + List.of(String.valueOf(spans), String.valueOf(metrics), String.valueOf(logs), String.valueOf(changes)));
        }
      }
    }

    public static Topics defaults() {
      return new Topics("otlp_spans", "otlp_metrics", "otlp_logs", Topic.CHANGES.defaultName());
    }
  }

  public OtlpTelemetrySink(String bootstrapServers, OtlpEncoding encoding) {
    this(bootstrapServers, encoding, Topics.defaults());
  }

  public OtlpTelemetrySink(String bootstrapServers, OtlpEncoding encoding, Topics topics) {
    this(new KafkaProducer<>(KafkaTelemetrySink.producerProperties(bootstrapServers)), encoding, topics);
  }

  /** For tests: any producer, e.g. Kafka's {@code MockProducer}. */
  OtlpTelemetrySink(Producer<String, byte[]> producer, OtlpEncoding encoding, Topics topics) {
    if (encoding == null || topics == null) {
      throw new IllegalArgumentException("an OTLP encoding and the topic names are required");
    }
    this.producer = producer;
    this.encoding = encoding;
    this.topics = topics;
  }

  @Override
  public void span(Span span) {
    spans.add(span);
    if (spans.size() >= MAX_RECORDS_PER_REQUEST) {
      sendSpans();
    }
  }

  @Override
  public void metric(MetricPoint point) {
    metrics.add(point);
    if (metrics.size() >= MAX_RECORDS_PER_REQUEST) {
      sendMetrics();
    }
  }

  @Override
  public void log(LogRecord record) {
    logs.add(record);
    if (logs.size() >= MAX_RECORDS_PER_REQUEST) {
      sendLogs();
    }
  }

  @Override
  public void change(ChangeEvent change) {
    String topic = topics.changes();
    producer.send(
        new ProducerRecord<>(topic, null, change.getTimestamp().toEpochMilli(), change.getService(), changes.serialize(topic, change)),
        failures.callback());
  }

  /** Sends what is waiting and waits until everything sent so far is acknowledged; throws if any send failed. */
  @Override
  public void flush() {
    sendWaiting();
    producer.flush();
    failures.throwIfAny();
  }

  /** Sends what is waiting, closes the producer, then throws if any send failed. */
  @Override
  public void close() {
    try {
      sendWaiting();
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
    failures.throwIfAny();
  }

  private void sendWaiting() {
    sendSpans();
    sendMetrics();
    sendLogs();
  }

  private void sendSpans() {
    send(spans, topics.spans(), encoder::traces, Span::getStartTime);
  }

  private void sendMetrics() {
    send(metrics, topics.metrics(), encoder::metrics, MetricPoint::getTimestamp);
  }

  private void sendLogs() {
    send(logs, topics.logs(), encoder::logs, LogRecord::getTimestamp);
  }

  private <T> void send(List<T> waiting, String topic, Function<List<T>, Message> request, Function<T, Instant> time) {
    if (waiting.isEmpty()) {
      return;
    }
    long latest = waiting.stream().map(time).mapToLong(Instant::toEpochMilli).max().orElseThrow();
    byte[] payload = OtlpEncoder.payload(request.apply(List.copyOf(waiting)), encoding);
    waiting.clear();
    producer.send(new ProducerRecord<>(topic, null, latest, null, payload), failures.callback());
  }
}
