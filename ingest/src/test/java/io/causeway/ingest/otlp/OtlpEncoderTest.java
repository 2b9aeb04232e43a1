package io.causeway.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.Severity;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** What the encoder writes decodes back to the records it was given, in both encodings. */
class OtlpEncoderTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123Z");
  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private final OtlpEncoder encoder = new OtlpEncoder("io.causeway.test", Map.of("k8s.namespace.name", "shop"));

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void spansComeBackAsTheSameSpansWithTheScopeAndPeerServiceAsAttributes(OtlpEncoding encoding) throws Exception {
    Span client = span("frontend", "frontend-6b7f-abcde", "eee19b7ec3c1b173", null, SpanKind.CLIENT, SpanStatus.ERROR, "cartservice",
        Map.of("rpc.system", "grpc", "otel.status_description", "deadline exceeded"));
    Span server = span("cartservice", "cartservice-0", "eee19b7ec3c1b174", "eee19b7ec3c1b173", SpanKind.SERVER, SpanStatus.OK, null, Map.of());

    ExportTraceServiceRequest request = encoder.traces(List.of(client, server));
    List<Span> decoded = new OtlpSpanDecoder(encoding).decode(OtlpEncoder.payload(request, encoding), 0);

    assertThat(request.getResourceSpansList()).hasSize(2);
    assertThat(request.getResourceSpans(0).getResource().getAttributesList()).extracting(KeyValue::getKey)
        .containsExactly("service.name", "k8s.pod.name", "k8s.namespace.name");
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getStatus().getMessage()).isEqualTo("deadline exceeded");
    assertThat(decoded).containsExactly(
        withAttributes(client, Map.of("rpc.system", "grpc", "otel.status_description", "deadline exceeded", "peer.service", "cartservice", "otel.scope.name", "io.causeway.test")),
        withAttributes(server, Map.of("otel.scope.name", "io.causeway.test")));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void gaugesComeBackAsTheSamePoints(OtlpEncoding encoding) throws Exception {
    MetricPoint cpu = point("cartservice", "container.cpu.utilization", 0.42, MetricType.GAUGE, "1");
    MetricPoint memory = point("cartservice", "container.memory.working_set", 2.5e8, MetricType.GAUGE, "By");
    MetricPoint cpuLater = MetricPoint.newBuilder(cpu).setTimestamp(AT.plusSeconds(10)).setValue(0.44).build();

    ExportMetricsServiceRequest request = encoder.metrics(List.of(cpu, memory, cpuLater));
    List<MetricPoint> decoded = new OtlpMetricDecoder(encoding).decode(OtlpEncoder.payload(request, encoding), 0).stream()
        .flatMap(sample -> sample.points().stream()).toList();

    assertThat(request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()).extracting(Metric::getName)
        .as("one metric per name, its points together").containsExactly("container.cpu.utilization", "container.memory.working_set");
    assertThat(decoded).containsExactly(cpu, cpuLater, memory);
  }

  @Test
  void sumsCarryTheirTemporalityAndAreMonotonic() throws Exception {
    ExportMetricsServiceRequest request = encoder.metrics(List.of(
        point("checkout", "orders", 40, MetricType.CUMULATIVE_SUM, "{order}"),
        point("checkout", "refunds", 2, MetricType.DELTA_SUM, "{refund}")));

    List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics.get(0).getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    assertThat(metrics.get(1).getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    assertThat(metrics).allSatisfy(m -> assertThat(m.getSum().getIsMonotonic()).isTrue());
    assertThat(new OtlpMetricDecoder(OtlpEncoding.PROTO).decode(request.toByteArray(), 0)).extracting(MetricSample::kind)
        .containsExactly(MetricSample.Kind.CUMULATIVE_COUNTER, MetricSample.Kind.DELTA_SUM);
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void logsComeBackAsTheSameRecordsWithSeverityTextAndScope(OtlpEncoding encoding) throws Exception {
    LogRecord error = LogRecord.newBuilder().setService("paymentservice").setTimestamp(AT).setSeverity(Severity.ERROR)
        .setBody("charge failed: card declined").setTraceId(TRACE_ID).setSpanId("eee19b7ec3c1b174")
        .setAttributes(Map.of("k8s.pod.name", "paymentservice-7c9-x")).build();
    LogRecord plain = LogRecord.newBuilder().setService("paymentservice").setTimestamp(AT).setSeverity(Severity.UNKNOWN)
        .setBody("started").setTraceId(null).setSpanId(null).setAttributes(Map.of()).build();

    List<LogRecord> decoded = new OtlpLogDecoder(encoding).decode(OtlpEncoder.payload(encoder.logs(List.of(error, plain)), encoding), 0);

    assertThat(decoded).containsExactly(
        LogRecord.newBuilder(error).setAttributes(Map.of("k8s.pod.name", "paymentservice-7c9-x", "otel.severity_text", "ERROR", "otel.scope.name", "io.causeway.test")).build(),
        LogRecord.newBuilder(plain).setAttributes(Map.of("otel.scope.name", "io.causeway.test")).build());
  }

  @Test
  void theSameRecordsGiveTheSameBytes() {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      attributes.put("key" + i, "value" + i);
    }
    Span span = span("frontend", null, "eee19b7ec3c1b173", null, SpanKind.SERVER, SpanStatus.UNSET, null, attributes);

    assertThat(encoder.traces(List.of(span)).toByteArray())
        .isEqualTo(encoder.traces(List.of(Span.newBuilder(span).setAttributes(new java.util.TreeMap<>(attributes)).build())).toByteArray());
  }

  @Test
  void anIdThatIsNotHexOfOtlpLengthIsRefused() {
    Span span = Span.newBuilder(span("frontend", null, "eee19b7ec3c1b173", null, SpanKind.SERVER, SpanStatus.UNSET, null, Map.of()))
        .setTraceId("abc").build();

    assertThatThrownBy(() -> encoder.traces(List.of(span))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace id 'abc'");
  }

  private static Span span(String service, String instance, String spanId, String parent, SpanKind kind, SpanStatus status, String peer, Map<String, String> attributes) {
    return Span.newBuilder()
        .setTraceId(TRACE_ID).setSpanId(spanId).setParentSpanId(parent).setService(service).setNamespace(null).setInstance(instance)
        .setOperation("hipstershop.CartService/GetCart").setKind(kind).setStartTime(AT).setDurationMicros(12_345)
        .setStatus(status).setPeerService(peer).setAttributes(attributes).build();
  }

  private static Span withAttributes(Span span, Map<String, String> attributes) {
    return Span.newBuilder(span).setAttributes(attributes).build();
  }

  private static MetricPoint point(String service, String name, double value, MetricType type, String unit) {
    return MetricPoint.newBuilder().setService(service).setName(name).setLabels(Map.of("pod", service + "-0", "namespace", "shop"))
        .setTimestamp(AT).setValue(value).setType(type).setUnit(unit).build();
  }
}
