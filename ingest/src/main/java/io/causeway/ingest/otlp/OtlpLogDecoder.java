package io.causeway.ingest.otlp;

import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ExportLogsServiceRequest} to {@link LogRecord}s, one per OTLP log record.
 *
 * <ul>
 *   <li>service: from the resource ({@link OtlpResource}); namespace and instance become the
 *       attributes {@code service.namespace} and {@code instance} (our log record has no field
 *       for them);
 *   <li>timestamp: {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the Kafka
 *       record's timestamp, floored to millis;
 *   <li>severity: by {@code severity_number} range (1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN,
 *       17-20 ERROR, 21-24 FATAL); when unset, by {@code severity_text} (TRACE, DEBUG, INFO, WARN,
 *       WARNING, ERROR, FATAL, CRITICAL, ... in any case); else UNKNOWN. A severity text is kept as
 *       the attribute {@code otel.severity_text};
 *   <li>body: a string body as it is; any other body as {@link AnyValues} renders it (structured
 *       bodies as compact JSON);
 *   <li>traceId, spanId: lowercase hex, null when empty;
 *   <li>attributes: the record's, over the kept resource attributes and the scope.
 * </ul>
 */
public final class OtlpLogDecoder implements OtlpDecoder<LogRecord> {

  static final String SEVERITY_TEXT = "otel.severity_text";
  static final String NAMESPACE = "service.namespace";
  static final String INSTANCE = "instance";

  private final OtlpEncoding encoding;

  public OtlpLogDecoder(OtlpEncoding encoding) {
    this.encoding = encoding;
  }

  @Override
  public List<LogRecord> decode(byte[] payload, long receivedAtMillis) throws OtlpDecodeException {
    ExportLogsServiceRequest request = OtlpRequests.logs(payload, encoding);
    List<LogRecord> records = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      OtlpResource resource = OtlpResource.of(resourceLogs.getResource());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (var log : scopeLogs.getLogRecordsList()) {
          records.add(record(resource, scopeLogs, log, receivedAtMillis));
        }
      }
    }
    return records;
  }

  private static LogRecord record(OtlpResource resource, ScopeLogs scope, io.opentelemetry.proto.logs.v1.LogRecord log, long receivedAtMillis)
      throws OtlpDecodeException {
    Map<String, String> own = AnyValues.asStrings(log.getAttributesList());
    if (!log.getSeverityText().isEmpty()) {
      own.putIfAbsent(SEVERITY_TEXT, log.getSeverityText());
    }
    Map<String, String> attributes = resource.attributes(scope.getScope(), own);
    if (resource.namespace() != null) {
      attributes.putIfAbsent(NAMESPACE, resource.namespace());
    }
    if (resource.instance() != null) {
      attributes.putIfAbsent(INSTANCE, resource.instance());
    }
    long nanos = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
    long millis = nanos != 0 ? Math.floorDiv(nanos, 1_000_000L) : receivedAtMillis;
    return LogRecord.newBuilder()
        .setService(resource.service())
        .setTimestamp(Instant.ofEpochMilli(millis))
        .setSeverity(severity(log.getSeverityNumberValue(), log.getSeverityText()))
        .setBody(log.getBody().hasStringValue() ? log.getBody().getStringValue() : AnyValues.asString(log.getBody()))
        .setTraceId(OtlpSpanDecoder.Ids.optional(log.getTraceId(), 16, "log trace id"))
        .setSpanId(OtlpSpanDecoder.Ids.optional(log.getSpanId(), 8, "log span id"))
        .setAttributes(attributes)
        .build();
  }

  static Severity severity(int number, String text) {
    if (number >= 1 && number <= 24) {
      return Severity.values()[(number - 1) / 4]; // TRACE, DEBUG, INFO, WARN, ERROR, FATAL in order
    }
    return switch (text.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE", "FINEST", "FINER" -> Severity.TRACE;
      case "DEBUG", "FINE", "CONFIG" -> Severity.DEBUG;
      case "INFO", "INFORMATION", "NOTICE" -> Severity.INFO;
      case "WARN", "WARNING" -> Severity.WARN;
      case "ERROR", "ERR", "SEVERE" -> Severity.ERROR;
      case "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERGENCY", "EMERG", "PANIC" -> Severity.FATAL;
      default -> Severity.UNKNOWN;
    };
  }
}
