package io.causeway.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.Severity;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.runtime.EmbeddedKafka;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTLP payloads built as the Collector's Kafka exporter writes them ({@code otlp_proto}: the
 * request's bytes; {@code otlp_json}: OTLP/JSON), through a real broker, read back with a plain
 * consumer and decoded into our records. A fresh topic per test.
 */
class OtlpKafkaRoundTripITCase {

  private static final Instant START = Instant.parse("2025-03-01T10:00:00.250Z");
  private static final long START_NANOS = START.toEpochMilli() * 1_000_000L;
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final Resource CHECKOUT =
      Resource.newBuilder()
          .addAttributes(attribute("service.name", "checkoutservice"))
          .addAttributes(attribute("service.namespace", "shop"))
          .addAttributes(attribute("k8s.pod.name", "checkoutservice-7b9c-abcde"))
          .addAttributes(attribute("deployment.environment", "staging"))
          .build();
  private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("checkout").build();

  @TempDir static Path dataDir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(dataDir);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void spansComeOutOfTheBrokerAsOurSpans(OtlpEncoding encoding) throws Exception {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(CHECKOUT)
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(SCOPE)
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(id(TRACE_ID))
                                    .setSpanId(id(SPAN_ID))
                                    .setName("hipstershop.PaymentService/Charge")
                                    .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
                                    .setStartTimeUnixNano(START_NANOS)
                                    .setEndTimeUnixNano(START_NANOS + 12_000_000)
                                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                                    .addAttributes(attribute("peer.service", "paymentservice")))))
            .build();

    List<byte[]> read = roundTrip("otlp_spans", TRACE_ID, payload(request, encoding));
    List<Span> spans = new OtlpSpanDecoder(encoding).decode(read.get(0), 0);

    assertThat(spans)
        .containsExactly(
            Span.newBuilder()
                .setTraceId(TRACE_ID)
                .setSpanId(SPAN_ID)
                .setParentSpanId(null)
                .setService("checkoutservice")
                .setNamespace("shop")
                .setInstance("checkoutservice-7b9c-abcde")
                .setOperation("hipstershop.PaymentService/Charge")
                .setKind(SpanKind.CLIENT)
                .setStartTime(START)
                .setDurationMicros(12_000)
                .setStatus(SpanStatus.OK)
                .setPeerService("paymentservice")
                .setAttributes(Map.of("deployment.environment", "staging", "otel.scope.name", "checkout", "peer.service", "paymentservice"))
                .build());
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void cumulativeCountersComeOutOfTheBrokerAsDeltas(OtlpEncoding encoding) throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    for (long value : new long[] {40, 55, 3}) { // the third is after a restart
      payloads.add(payload(counter(payloads.size(), value), encoding));
    }

    List<byte[]> read = roundTrip("otlp_metrics", null, payloads.toArray(byte[][]::new));
    CumulativeToDelta deltas = new CumulativeToDelta(1_000);
    List<MetricPoint> points = new ArrayList<>();
    for (byte[] value : read) {
      for (MetricSample sample : new OtlpMetricDecoder(encoding).decode(value, 0)) {
        points.addAll(deltas.points(sample));
      }
    }

    Map<String, String> labels = Map.of("rpc.method", "Charge", "service.namespace", "shop", "instance", "checkoutservice-7b9c-abcde", "deployment.environment", "staging");
    assertThat(points)
        .containsExactly(
            MetricPoint.newBuilder().setService("checkoutservice").setName("rpc.client.requests").setLabels(labels)
                .setTimestamp(START.plusSeconds(10)).setValue(15).setType(MetricType.DELTA_SUM).setUnit("{request}").build(),
            MetricPoint.newBuilder().setService("checkoutservice").setName("rpc.client.requests").setLabels(labels)
                .setTimestamp(START.plusSeconds(20)).setValue(3).setType(MetricType.DELTA_SUM).setUnit("{request}").build());
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void logsComeOutOfTheBrokerAsOurLogRecords(OtlpEncoding encoding) throws Exception {
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(CHECKOUT)
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .setScope(SCOPE)
                            .addLogRecords(
                                io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                                    .setTimeUnixNano(START_NANOS)
                                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                                    .setBody(AnyValue.newBuilder().setStringValue("payment retry 2/3"))
                                    .setTraceId(id(TRACE_ID))
                                    .setSpanId(id(SPAN_ID)))))
            .build();

    List<byte[]> read = roundTrip("otlp_logs", null, payload(request, encoding));

    assertThat(new OtlpLogDecoder(encoding).decode(read.get(0), 0))
        .containsExactly(
            LogRecord.newBuilder()
                .setService("checkoutservice")
                .setTimestamp(START)
                .setSeverity(Severity.WARN)
                .setBody("payment retry 2/3")
                .setTraceId(TRACE_ID)
                .setSpanId(SPAN_ID)
                .setAttributes(Map.of("deployment.environment", "staging", "otel.scope.name", "checkout", "service.namespace", "shop", "instance", "checkoutservice-7b9c-abcde"))
                .build());
  }

  @Test
  void aCorruptRecordBetweenGoodOnesIsRejectedWithAReasonAndTheOthersStillDecode() throws Exception {
    byte[] good = payload(counter(0, 1), OtlpEncoding.PROTO);
    byte[] corrupt = java.util.Arrays.copyOf(good, good.length / 2);

    List<byte[]> read = roundTrip("otlp_metrics", null, good, corrupt, good);
    List<String> outcomes = new ArrayList<>();
    for (byte[] value : read) {
      try {
        outcomes.add("samples:" + new OtlpMetricDecoder(OtlpEncoding.PROTO).decode(value, 0).size());
      } catch (OtlpDecodeException e) {
        outcomes.add(e.reason());
      }
    }

    assertThat(outcomes).containsExactly("samples:1", OtlpDecodeException.MALFORMED, "samples:1");
  }

  // ---------------------------------------------------------------------------------------------

  private static ExportMetricsServiceRequest counter(int step, long value) {
    NumberDataPoint.Builder point =
        NumberDataPoint.newBuilder()
            .setStartTimeUnixNano(step < 2 ? START_NANOS - 60_000_000_000L : START_NANOS + 15_000_000_000L)
            .setTimeUnixNano(START_NANOS + step * 10_000_000_000L)
            .setAsInt(value)
            .addAttributes(attribute("rpc.method", "Charge"));
    Metric metric =
        Metric.newBuilder()
            .setName("rpc.client.requests")
            .setUnit("{request}")
            .setSum(Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).setIsMonotonic(true).addDataPoints(point))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().setResource(CHECKOUT).addScopeMetrics(ScopeMetrics.newBuilder().setScope(SCOPE).addMetrics(metric)))
        .build();
  }

  private static byte[] payload(Message request, OtlpEncoding encoding) {
    return encoding == OtlpEncoding.PROTO ? request.toByteArray() : OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
  }

  /** Produces the values to a fresh topic named after {@code prefix} and reads them all back in order. */
  private static List<byte[]> roundTrip(String prefix, String key, byte[]... values) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
      awaitLeader(admin, topic);
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get(20, TimeUnit.SECONDS);
      }
    }
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "otlp-it-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<byte[]> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < values.length && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(record.value());
        }
      }
    }
    assertThat(read).as("records read back from %s", topic).hasSameSizeAs(values);
    for (int i = 0; i < values.length; i++) {
      assertThat(read.get(i)).as("record %d is byte-identical", i).isEqualTo(values[i]);
    }
    return read;
  }

  private static void awaitLeader(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
        // the new topic's metadata has not reached the broker yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no leader for " + topic);
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
