package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.otlp.OtlpLogDecoder;
import io.causeway.ingest.otlp.OtlpMetricDecoder;
import io.causeway.ingest.otlp.OtlpSpanDecoder;
import io.causeway.schemas.AvroCodec;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator through the OTLP sink: what lands on the otlp_* topics decodes to exactly what
 * the simulator generated (with what OTLP adds), in requests as the Collector's exporter sends them.
 */
class OtlpTelemetrySinkTest {

  private static final Duration SIMULATED = Duration.ofSeconds(25);

  private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void everySpanMetricAndLogDecodesBackToWhatTheSimulatorGenerated(OtlpEncoding encoding) throws Exception {
    InMemoryTelemetrySink expected = simulate(new InMemoryTelemetrySink());
    simulate(new OtlpTelemetrySink(producer, encoding, OtlpTelemetrySink.Topics.defaults()));

    List<Span> spans = new ArrayList<>();
    List<MetricPoint> metrics = new ArrayList<>();
    List<LogRecord> logs = new ArrayList<>();
    for (ProducerRecord<String, byte[]> record : producer.history()) {
      switch (record.topic()) {
        case "otlp_spans" -> spans.addAll(new OtlpSpanDecoder(encoding).decode(record.value(), 0));
        case "otlp_metrics" -> new OtlpMetricDecoder(encoding).decode(record.value(), 0).forEach(s -> metrics.addAll(s.points()));
        case "otlp_logs" -> logs.addAll(new OtlpLogDecoder(encoding).decode(record.value(), 0));
        default -> { }
      }
    }

    assertThat(expected.spans()).hasSizeGreaterThan(1_000);
    // grouped by resource in each request, as the Collector does: the same records, not the same order
    assertThat(spans).containsExactlyInAnyOrderElementsOf(expected.spans().stream().map(OtlpTelemetrySinkTest::asOtlpAddsTo).toList());
    assertThat(metrics).containsExactlyInAnyOrderElementsOf(expected.metrics());
    assertThat(logs).containsExactlyInAnyOrderElementsOf(expected.logs().stream().map(OtlpTelemetrySinkTest::asOtlpAddsTo).toList());
  }

  @Test
  void requestsAreUnkeyedBoundedAndStampedWithTheirLatestEventTime() throws Exception {
    simulate(new OtlpTelemetrySink(producer, OtlpEncoding.PROTO, OtlpTelemetrySink.Topics.defaults()));

    List<ProducerRecord<String, byte[]>> traces = producer.history().stream().filter(r -> r.topic().equals("otlp_spans")).toList();
    assertThat(traces).hasSizeGreaterThan(2).allSatisfy(record -> {
      List<Span> spans = new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(record.value(), 0);
      assertThat(record.key()).isNull();
      assertThat(spans).hasSizeBetween(1, OtlpTelemetrySink.MAX_RECORDS_PER_REQUEST);
      assertThat(record.timestamp()).isEqualTo(spans.stream().mapToLong(s -> s.getStartTime().toEpochMilli()).max().orElseThrow());
    });
    assertThat(producer.history()).allSatisfy(record -> assertThat(record.value().length).isLessThan(1_000_000));
  }

  @Test
  void resourcesNameTheServiceAndPodAsKubernetesWouldWithSpanKindsAndErrorStatus() throws Exception {
    simulate(new OtlpTelemetrySink(producer, OtlpEncoding.PROTO, OtlpTelemetrySink.Topics.defaults()));

    List<ResourceSpans> resources = new ArrayList<>();
    for (ProducerRecord<String, byte[]> record : producer.history()) {
      if (record.topic().equals("otlp_spans")) {
        resources.addAll(ExportTraceServiceRequest.parseFrom(record.value()).getResourceSpansList());
      }
    }

    assertThat(resources).allSatisfy(resource -> {
      assertThat(resource.getResource().getAttributesList()).extracting(KeyValue::getKey).containsExactly("service.name", "k8s.pod.name", "k8s.namespace.name");
      assertThat(resource.getScopeSpans(0).getScope().getName()).isEqualTo(OtlpTelemetrySink.SCOPE);
    });
    var spans = resources.stream().flatMap(r -> r.getScopeSpans(0).getSpansList().stream()).toList();
    assertThat(spans).extracting(s -> s.getKind().name()).contains("SPAN_KIND_SERVER", "SPAN_KIND_CLIENT");
    assertThat(spans).extracting(s -> s.getStatus().getCode().name()).contains("STATUS_CODE_ERROR", "STATUS_CODE_UNSET");
  }

  @Test
  void changesStayAvroOnTheChangesTopicKeyedByService() throws Exception {
    InMemoryTelemetrySink expected = simulate(new InMemoryTelemetrySink());
    simulate(new OtlpTelemetrySink(producer, OtlpEncoding.JSON, OtlpTelemetrySink.Topics.defaults()));

    List<ProducerRecord<String, byte[]>> changes = producer.history().stream().filter(r -> r.topic().equals("telemetry.changes")).toList();
    assertThat(expected.changes()).isNotEmpty();
    assertThat(changes).hasSameSizeAs(expected.changes());
    ChangeEvent first = AvroCodec.of(ChangeEvent.class).decode(changes.get(0).value());
    assertThat(first).isEqualTo(expected.changes().get(0));
    assertThat(changes.get(0).key()).isEqualTo(first.getService());
  }

  @Test
  void aFailedRequestIsReportedByTheNextFlush() {
    MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    OtlpTelemetrySink sink = new OtlpTelemetrySink(failing, OtlpEncoding.PROTO, OtlpTelemetrySink.Topics.defaults());
    simulate(new InMemoryTelemetrySink()).spans().stream().limit(OtlpTelemetrySink.MAX_RECORDS_PER_REQUEST).forEach(sink::span);

    assertThat(failing.history()).as("a full batch is sent at once").hasSize(1);
    failing.errorNext(new TimeoutException("broker gone"));

    assertThatThrownBy(sink::flush).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 telemetry record(s) could not be written").hasMessageContaining("broker gone");
  }

  @Test
  void refusesBlankTopicNames() {
    assertThatThrownBy(() -> new OtlpTelemetrySink.Topics("otlp_spans", " ", "otlp_logs", "telemetry.changes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
  }

  private static <T extends TelemetrySink> T simulate(T sink) {
    new Simulator(config(11).fault(FaultSpec.parse("paymentservice:errors")).faultAfter(Duration.ofSeconds(10)).build(), sink).advance(SIMULATED);
    sink.flush();
    return sink;
  }

  /** A span as it comes back from OTLP: the scope, and its peer service as an attribute. */
  private static Span asOtlpAddsTo(Span span) {
    Map<String, String> attributes = new HashMap<>(span.getAttributes());
    attributes.put("otel.scope.name", OtlpTelemetrySink.SCOPE);
    if (span.getPeerService() != null) {
      attributes.put("peer.service", span.getPeerService());
    }
    return Span.newBuilder(span).setAttributes(attributes).build();
  }

  /** A log as it comes back from OTLP: the scope and the severity's name. */
  private static LogRecord asOtlpAddsTo(LogRecord log) {
    Map<String, String> attributes = new HashMap<>(log.getAttributes());
    attributes.put("otel.scope.name", OtlpTelemetrySink.SCOPE);
    attributes.put("otel.severity_text", log.getSeverity().name());
    return LogRecord.newBuilder(log).setAttributes(attributes).build();
  }
}
