package io.causeway.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Severity;
import io.causeway.avro.Span;
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
import io.opentelemetry.proto.metrics.v1.Gauge;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Our records as an OpenTelemetry SDK and Collector would put them on Kafka: one {@code
 * Export*ServiceRequest} per batch, records grouped under one resource per service (and, for
 * spans, per instance) and one instrumentation scope, built with the official OTLP classes. It is
 * the inverse of {@link OtlpSpanDecoder}, {@link OtlpMetricDecoder} and {@link OtlpLogDecoder}:
 * decoding what it encodes gives the same records back, with what OTLP adds ({@code
 * otel.scope.name}, a log's {@code otel.severity_text}, a span's {@code peer.service} attribute).
 *
 * <ul>
 *   <li>resource: {@code service.name}, {@code service.namespace} when the record has one, a span's
 *       instance as {@code k8s.pod.name}, and the fixed attributes given here (e.g. {@code
 *       k8s.namespace.name});
 *   <li>spans: hex ids as bytes, our kind as {@code SPAN_KIND_*}, start and end in nanoseconds,
 *       status code (and {@code otel.status_description} as its message), attributes as strings,
 *       the peer service as {@code peer.service};
 *   <li>metrics: one {@code Metric} per name, unit and type within a resource; GAUGE (and
 *       UNKNOWN) as a gauge, CUMULATIVE_SUM as a cumulative monotonic sum, DELTA_SUM as a delta
 *       monotonic sum; labels as data point attributes; values as doubles;
 *   <li>logs: severity as {@code severity_number} (the first of its range) and {@code
 *       severity_text}, a string body, hex trace and span ids as bytes, attributes as strings.
 * </ul>
 *
 * <p>Ids must be lowercase or uppercase hex of OTLP's lengths (32 and 16 digits).
 */
public final class OtlpEncoder {

  private static final HexFormat HEX = HexFormat.of();

  private final InstrumentationScope scope;
  private final List<KeyValue> resourceAttributes;

  /**
   * @param scopeName the instrumentation scope every record is put under
   * @param resourceAttributes fixed attributes of every resource, in addition to the service's
   */
  public OtlpEncoder(String scopeName, Map<String, String> resourceAttributes) {
    if (scopeName == null || scopeName.isBlank()) {
      throw new IllegalArgumentException("an instrumentation scope name is required, e.g. io.causeway.sim");
    }
    this.scope = InstrumentationScope.newBuilder().setName(scopeName).build();
    this.resourceAttributes = attributes(Objects.requireNonNull(resourceAttributes, "resourceAttributes"));
  }

  /** The bytes the Collector's Kafka exporter writes for {@code request} in {@code encoding}. */
  public static byte[] payload(Message request, OtlpEncoding encoding) {
    return encoding == OtlpEncoding.PROTO ? request.toByteArray() : OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
  }

  public ExportTraceServiceRequest traces(List<Span> spans) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    group(spans, span -> List.of(span.getService(), nullToEmpty(span.getNamespace()), nullToEmpty(span.getInstance())))
        .forEach((key, group) -> {
          Span first = group.get(0);
          ScopeSpans.Builder scoped = ScopeSpans.newBuilder().setScope(scope);
          group.forEach(span -> scoped.addSpans(span(span)));
          request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(first.getService(), first.getNamespace(), first.getInstance())).addScopeSpans(scoped));
        });
    return request.build();
  }

  public ExportMetricsServiceRequest metrics(List<MetricPoint> points) {
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    group(points, MetricPoint::getService).forEach((service, ofService) -> {
      ScopeMetrics.Builder scoped = ScopeMetrics.newBuilder().setScope(scope);
      group(ofService, p -> List.of(p.getName(), nullToEmpty(p.getUnit()), p.getType()))
          .forEach((key, series) -> scoped.addMetrics(metric(series)));
      request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(service, null, null)).addScopeMetrics(scoped));
    });
    return request.build();
  }

  public ExportLogsServiceRequest logs(List<LogRecord> records) {
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    group(records, LogRecord::getService).forEach((service, ofService) -> {
      ScopeLogs.Builder scoped = ScopeLogs.newBuilder().setScope(scope);
      ofService.forEach(record -> scoped.addLogRecords(log(record)));
      request.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service, null, null)).addScopeLogs(scoped));
    });
    return request.build();
  }

  private Resource resource(String service, String namespace, String instance) {
    Resource.Builder resource = Resource.newBuilder().addAttributes(attribute("service.name", service));
    if (namespace != null) {
      resource.addAttributes(attribute("service.namespace", namespace));
    }
    if (instance != null) {
      resource.addAttributes(attribute("k8s.pod.name", instance));
    }
    return resource.addAllAttributes(resourceAttributes).build();
  }

  private static io.opentelemetry.proto.trace.v1.Span span(Span span) {
    long startNanos = epochNanos(span.getStartTime());
    Map<String, String> attributes = new LinkedHashMap<>(span.getAttributes());
    String statusMessage = attributes.remove(OtlpSpanDecoder.STATUS_DESCRIPTION);
    if (span.getPeerService() != null) {
      attributes.putIfAbsent("peer.service", span.getPeerService());
    }
    Status.Builder status = Status.newBuilder().setCode(statusCode(span.getStatus()));
    if (statusMessage != null) {
      status.setMessage(statusMessage);
    }
    io.opentelemetry.proto.trace.v1.Span.Builder otlp =
        io.opentelemetry.proto.trace.v1.Span.newBuilder()
            .setTraceId(id(span.getTraceId(), 16, "trace id"))
            .setSpanId(id(span.getSpanId(), 8, "span id"))
            .setName(span.getOperation())
            .setKind(kind(span.getKind()))
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + span.getDurationMicros() * 1_000L)
            .setStatus(status)
            .addAllAttributes(attributes(attributes));
    if (span.getParentSpanId() != null) {
      otlp.setParentSpanId(id(span.getParentSpanId(), 8, "parent span id"));
    }
    return otlp.build();
  }

  private static Metric metric(List<MetricPoint> series) {
    MetricPoint first = series.get(0);
    Metric.Builder metric = Metric.newBuilder().setName(first.getName()).setUnit(nullToEmpty(first.getUnit()));
    List<NumberDataPoint> points = new ArrayList<>(series.size());
    for (MetricPoint point : series) {
      points.add(NumberDataPoint.newBuilder()
          .setTimeUnixNano(epochNanos(point.getTimestamp()))
          .setAsDouble(point.getValue())
          .addAllAttributes(attributes(point.getLabels()))
          .build());
    }
    return switch (first.getType()) {
      case CUMULATIVE_SUM -> metric.setSum(sum(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, points)).build();
      case DELTA_SUM -> metric.setSum(sum(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, points)).build();
      case GAUGE, UNKNOWN -> metric.setGauge(Gauge.newBuilder().addAllDataPoints(points)).build();
    };
  }

  private static Sum sum(AggregationTemporality temporality, List<NumberDataPoint> points) {
    return Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(true).addAllDataPoints(points).build();
  }

  private static io.opentelemetry.proto.logs.v1.LogRecord log(LogRecord record) {
    long nanos = epochNanos(record.getTimestamp());
    io.opentelemetry.proto.logs.v1.LogRecord.Builder otlp =
        io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
            .setTimeUnixNano(nanos)
            .setObservedTimeUnixNano(nanos)
            .setSeverityNumber(severity(record.getSeverity()))
            .setBody(AnyValue.newBuilder().setStringValue(record.getBody()))
            .addAllAttributes(attributes(record.getAttributes()));
    if (record.getSeverity() != Severity.UNKNOWN) {
      otlp.setSeverityText(record.getSeverity().name());
    }
    if (record.getTraceId() != null) {
      otlp.setTraceId(id(record.getTraceId(), 16, "log trace id"));
    }
    if (record.getSpanId() != null) {
      otlp.setSpanId(id(record.getSpanId(), 8, "log span id"));
    }
    return otlp.build();
  }

  static io.opentelemetry.proto.trace.v1.Span.SpanKind kind(io.causeway.avro.SpanKind kind) {
    return switch (kind) {
      case INTERNAL -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
      case SERVER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
      case CLIENT -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
      case PRODUCER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
      case CONSUMER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
      case UNSPECIFIED -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_UNSPECIFIED;
    };
  }

  static Status.StatusCode statusCode(io.causeway.avro.SpanStatus status) {
    return switch (status) {
      case OK -> Status.StatusCode.STATUS_CODE_OK;
      case ERROR -> Status.StatusCode.STATUS_CODE_ERROR;
      case UNSET -> Status.StatusCode.STATUS_CODE_UNSET;
    };
  }

  /** The first severity number of each of OTLP's ranges (TRACE 1-4, DEBUG 5-8, ...). */
  static SeverityNumber severity(Severity severity) {
    return switch (severity) {
      case TRACE -> SeverityNumber.SEVERITY_NUMBER_TRACE;
      case DEBUG -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
      case INFO -> SeverityNumber.SEVERITY_NUMBER_INFO;
      case WARN -> SeverityNumber.SEVERITY_NUMBER_WARN;
      case ERROR -> SeverityNumber.SEVERITY_NUMBER_ERROR;
      case FATAL -> SeverityNumber.SEVERITY_NUMBER_FATAL;
      case UNKNOWN -> SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED;
    };
  }

  private static <T, K> Map<K, List<T>> group(List<T> records, Function<T, K> key) {
    Map<K, List<T>> groups = new LinkedHashMap<>();
    for (T record : records) {
      groups.computeIfAbsent(key.apply(record), k -> new ArrayList<>()).add(record);
    }
    return groups;
  }

  /** Sorted by key, so the same record always gives the same bytes. */
  private static List<KeyValue> attributes(Map<String, String> attributes) {
    List<KeyValue> list = new ArrayList<>(attributes.size());
    new TreeMap<>(attributes).forEach((key, value) -> list.add(attribute(key, value)));
    return list;
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static ByteString id(String hex, int bytes, String what) {
    if (hex.length() != bytes * 2) {
      throw new IllegalArgumentException(what + " '" + hex + "' is not " + bytes * 2 + " hex digits");
    }
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  private static long epochNanos(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
