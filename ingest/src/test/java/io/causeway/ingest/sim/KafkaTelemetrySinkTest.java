package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.T0;
import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static io.causeway.ingest.sim.SimulatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.Span;
import io.causeway.schemas.AvroCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTelemetrySinkTest {

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final KafkaTelemetrySink sink =
      new KafkaTelemetrySink(producer, KafkaTelemetrySink.TopicNames.defaults());

  @Test
  void writesSpansKeyedByTraceIdAtTheirStartTime() throws Exception {
    Span span = firstRecords().spans().get(0);

    sink.span(span);

    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("telemetry.spans");
    assertThat(record.key()).isEqualTo(span.getTraceId());
    assertThat(record.timestamp()).isEqualTo(span.getStartTime().toEpochMilli());
    assertThat(AvroCodec.of(Span.class).decode(record.value())).isEqualTo(span);
  }

  @Test
  void writesMetricsKeyedBySeriesId() throws Exception {
    MetricPoint point = firstRecords().metrics().get(0);

    sink.metric(point);

    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("telemetry.metrics");
    assertThat(record.key()).isEqualTo(KafkaTelemetrySink.seriesId(point));
    assertThat(record.timestamp()).isEqualTo(point.getTimestamp().toEpochMilli());
    assertThat(AvroCodec.of(MetricPoint.class).decode(record.value())).isEqualTo(point);
  }

  @Test
  void writesLogsAndChangesKeyedByService() throws Exception {
    InMemoryTelemetrySink generated = firstRecords();
    LogRecord log = generated.logs().get(0);
    ChangeEvent change = generated.changes().get(0);

    sink.log(log);
    sink.change(change);

    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .containsExactly("telemetry.logs", "telemetry.changes");
    assertThat(producer.history()).extracting(ProducerRecord::key)
        .containsExactly(log.getService(), change.getService());
    assertThat(AvroCodec.of(LogRecord.class).decode(producer.history().get(0).value()))
        .isEqualTo(log);
    assertThat(AvroCodec.of(ChangeEvent.class).decode(producer.history().get(1).value()))
        .isEqualTo(change);
  }

  @Test
  void usesConfiguredTopicNames() {
    KafkaTelemetrySink renamed =
        new KafkaTelemetrySink(producer, new KafkaTelemetrySink.TopicNames("s", "m", "l", "c"));

    renamed.span(firstRecords().spans().get(0));

    assertThat(producer.history().get(0).topic()).isEqualTo("s");
  }

  @Test
  void seriesIdIsStableWhateverTheLabelOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("pod", "cartservice-abc-def");
    labels.put("namespace", "default");
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("namespace", "default");
    reversed.put("pod", "cartservice-abc-def");

    assertThat(KafkaTelemetrySink.seriesId(point(labels)))
        .isEqualTo(KafkaTelemetrySink.seriesId(point(reversed)))
        .isEqualTo(
            "cartservice/container.cpu.utilization{namespace=default,pod=cartservice-abc-def}");
  }

  @Test
  void configuresAnIdempotentProducerThatWaitsForAllReplicas() {
    Properties props = KafkaTelemetrySink.producerProperties("localhost:9092");

    assertThat(props)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
  }

  @Test
  void reportsFailedSendsOnFlushWithTheirCount() {
    MockProducer<String, byte[]> failing =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    KafkaTelemetrySink failingSink =
        new KafkaTelemetrySink(failing, KafkaTelemetrySink.TopicNames.defaults());
    failingSink.span(firstRecords().spans().get(0));

    failing.errorNext(new TimeoutException("broker unreachable"));

    assertThatThrownBy(failingSink::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 telemetry record(s) could not be written")
        .hasMessageContaining("broker unreachable");
  }

  @Test
  void closesTheProducer() {
    sink.close();

    assertThat(producer.closed()).isTrue();
  }

  @Test
  void rejectsBlankTopicNamesAndBootstrapServers() {
    assertThatThrownBy(() -> new KafkaTelemetrySink.TopicNames("s", " ", "l", "c"))
        .hasMessageContaining("metrics topic name");
    assertThatThrownBy(() -> KafkaTelemetrySink.producerProperties(""))
        .hasMessageContaining("bootstrap servers are required");
  }

  private static InMemoryTelemetrySink firstRecords() {
    return run(config(1).faultAfter(Duration.ZERO).build(), Duration.ofSeconds(6));
  }

  private static MetricPoint point(Map<String, String> labels) {
    return MetricPoint.newBuilder()
        .setService("cartservice")
        .setName("container.cpu.utilization")
        .setLabels(labels)
        .setTimestamp(T0)
        .setValue(0.5)
        .setType(MetricType.GAUGE)
        .build();
  }
}
