package io.causeway.ingest.sim;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the simulator's records to the telemetry topics: Avro single-object encoded values,
 * UTF-8 string keys (spans by trace id, metrics by series id, logs and changes by service), and
 * the event's own time as the record timestamp. One idempotent producer with {@code acks=all}.
 *
 * <p>Sends are asynchronous. The first failed send is kept and thrown by the next {@link #flush}
 * or {@link #close}, with the count of failed records, so no loss goes unreported.
 */
public final class KafkaTelemetrySink implements TelemetrySink {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, byte[]> producer;
  private final TopicNames topics;
  private final Serializer<Span> spans = AvroSerde.serializer(Span.class);
  private final Serializer<MetricPoint> metrics = AvroSerde.serializer(MetricPoint.class);
  private final Serializer<LogRecord> logs = AvroSerde.serializer(LogRecord.class);
  private final Serializer<ChangeEvent> changes = AvroSerde.serializer(ChangeEvent.class);
  private final SendFailures failures = new SendFailures();

  /** The names of the four telemetry topics; {@link #defaults()} follows the topic contract. */
  public record TopicNames(String spans, String metrics, String logs, String changes) {

    public TopicNames {
      requireName("spans", spans);
      requireName("metrics", metrics);
      requireName("logs", logs);
      requireName("changes", changes);
    }

    public static TopicNames defaults() {
      return new TopicNames(
          Topic.SPANS.defaultName(),
          Topic.METRICS.defaultName(),
          Topic.LOGS.defaultName(),
          Topic.CHANGES.defaultName());
    }

    private static void requireName(String what, String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("the " + what + " topic name must not be blank");
      }
    }
  }

  /** Writes to the default topic names. */
  public KafkaTelemetrySink(String bootstrapServers) {
    this(bootstrapServers, TopicNames.defaults());
  }

  public KafkaTelemetrySink(String bootstrapServers, TopicNames topics) {
    this(new KafkaProducer<>(producerProperties(bootstrapServers)), topics);
  }

  /** For tests: any producer, e.g. Kafka's {@code MockProducer}. */
  KafkaTelemetrySink(Producer<String, byte[]> producer, TopicNames topics) {
    if (topics == null) {
      throw new IllegalArgumentException("topic names are required");
    }
    this.producer = producer;
    this.topics = topics;
  }

  static Properties producerProperties(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrap servers are required, e.g. localhost:9092");
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-simulator");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * The key of a metric series: service, name and labels sorted by name, e.g. {@code
   * cartservice/container.cpu.utilization{namespace=default,pod=cartservice-x}}.
   */
  public static String seriesId(MetricPoint point) {
    StringBuilder id = new StringBuilder();
    id.append(point.getService()).append('/').append(point.getName()).append('{');
    String separator = "";
    for (Map.Entry<String, String> label : new TreeMap<>(point.getLabels()).entrySet()) {
      id.append(separator).append(label.getKey()).append('=').append(label.getValue());
      separator = ",";
    }
    return id.append('}').toString();
  }

  @Override
  public void span(Span span) {
    String topic = topics.spans();
    send(topic, span.getTraceId(), span.getStartTime(), spans.serialize(topic, span));
  }

  @Override
  public void metric(MetricPoint point) {
    String topic = topics.metrics();
    send(topic, seriesId(point), point.getTimestamp(), metrics.serialize(topic, point));
  }

  @Override
  public void log(LogRecord record) {
    String topic = topics.logs();
    send(topic, record.getService(), record.getTimestamp(), logs.serialize(topic, record));
  }

  @Override
  public void change(ChangeEvent change) {
    String topic = topics.changes();
    send(topic, change.getService(), change.getTimestamp(), changes.serialize(topic, change));
  }

  private void send(String topic, String key, Instant timestamp, byte[] value) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value);
    producer.send(record, failures.callback());
  }

  /** Waits until every record sent so far is acknowledged; throws if any send failed. */
  @Override
  public void flush() {
    producer.flush();
    failures.throwIfAny();
  }

  /** Flushes, closes the producer, then throws if any send failed. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
    failures.throwIfAny();
  }
}
