package io.causeway.ingest.otlp;

import static io.causeway.ingest.otlp.OtlpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpLogDecoderTest {

  private static final Instant RECEIVED = Instant.parse("2025-03-01T10:00:05Z");
  private static final Instant OBSERVED = Instant.parse("2025-03-01T10:00:01.5Z");

  private static io.opentelemetry.proto.logs.v1.LogRecord.Builder errorLog() {
    return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
        .setTimeUnixNano(START_NANOS)
        .setObservedTimeUnixNano(nanos(OBSERVED))
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
        .setSeverityText("Error")
        .setBody(AnyValue.newBuilder().setStringValue("failed to get product #OLJCESPC7Z: not found"))
        .setTraceId(id(TRACE_ID))
        .setSpanId(id(SPAN_ID))
        .addAttributes(string("code.function", "GetProduct"));
  }

  private static ExportLogsServiceRequest request(Resource resource, io.opentelemetry.proto.logs.v1.LogRecord.Builder... logs) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(SCOPE);
    for (var log : logs) {
      scope.addLogRecords(log);
    }
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope)).build();
  }

  private static List<LogRecord> decode(ExportLogsServiceRequest request, OtlpEncoding encoding) throws OtlpDecodeException {
    return new OtlpLogDecoder(encoding).decode(payload(request, encoding), RECEIVED.toEpochMilli());
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void mapsEveryFieldOfAnErrorLogFromTheCollectorsEncoding(OtlpEncoding encoding) throws Exception {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("deployment.environment.name", "production");
    attributes.put("service.version", "v0.10.2");
    attributes.put("otel.scope.name", "io.opentelemetry.grpc-1.6");
    attributes.put("otel.scope.version", "2.1.0");
    attributes.put("code.function", "GetProduct");
    attributes.put("otel.severity_text", "Error");
    attributes.put("service.namespace", "shop");
    attributes.put("instance", "productcatalogservice-6d9f8-x2x7q");

    assertThat(decode(request(shopResource(), errorLog()), encoding))
        .containsExactly(
            LogRecord.newBuilder()
                .setService("productcatalogservice")
                .setTimestamp(Instant.parse("2025-03-01T10:00:00.123Z"))
                .setSeverity(Severity.ERROR)
                .setBody("failed to get product #OLJCESPC7Z: not found")
                .setTraceId(TRACE_ID)
                .setSpanId(SPAN_ID)
                .setAttributes(attributes)
                .build());
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void rendersAStructuredBodyAsCompactJson(OtlpEncoding encoding) throws Exception {
    var log = errorLog().setBody(kvlist(string("event", "checkout failed"), integer("attempt", 2), array("items", AnyValue.newBuilder().setStringValue("OLJCESPC7Z").build())));

    assertThat(decode(request(shopResource(), log), encoding).get(0).getBody())
        .isEqualTo("{\"event\":\"checkout failed\",\"attempt\":2,\"items\":[\"OLJCESPC7Z\"]}");
  }

  @Test
  void takesTheObservedTimeWhenTheLogHasNoTimeAndTheRecordTimeWhenItHasNeither() throws Exception {
    List<LogRecord> logs = decode(request(shopResource(), errorLog().clearTimeUnixNano(), errorLog().clearTimeUnixNano().clearObservedTimeUnixNano()), OtlpEncoding.PROTO);

    assertThat(logs).extracting(LogRecord::getTimestamp).containsExactly(OBSERVED, RECEIVED);
  }

  @Test
  void leavesTraceAndSpanIdsNullWhenTheLogHasNone() throws Exception {
    LogRecord log = decode(request(shopResource(), errorLog().clearTraceId().clearSpanId()), OtlpEncoding.JSON).get(0);

    assertThat(log.getTraceId()).isNull();
    assertThat(log.getSpanId()).isNull();
  }

  @Test
  void mapsSeverityNumbersByRangeAndFallsBackToTheSeverityText() {
    assertThat(OtlpLogDecoder.severity(1, "")).isEqualTo(Severity.TRACE);
    assertThat(OtlpLogDecoder.severity(8, "")).isEqualTo(Severity.DEBUG);
    assertThat(OtlpLogDecoder.severity(9, "ERROR")).isEqualTo(Severity.INFO);
    assertThat(OtlpLogDecoder.severity(16, "")).isEqualTo(Severity.WARN);
    assertThat(OtlpLogDecoder.severity(17, "")).isEqualTo(Severity.ERROR);
    assertThat(OtlpLogDecoder.severity(24, "")).isEqualTo(Severity.FATAL);
    assertThat(OtlpLogDecoder.severity(0, "warning")).isEqualTo(Severity.WARN);
    assertThat(OtlpLogDecoder.severity(0, "Critical")).isEqualTo(Severity.FATAL);
    assertThat(OtlpLogDecoder.severity(0, "")).isEqualTo(Severity.UNKNOWN);
    assertThat(OtlpLogDecoder.severity(99, "verbose")).isEqualTo(Severity.UNKNOWN);
  }

  @Test
  void rejectsALogSpanIdOfTheWrongLengthAsInvalid() {
    var log = errorLog().setSpanId(id("eee19b7e"));

    assertThatThrownBy(() -> decode(request(shopResource(), log), OtlpEncoding.PROTO))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.INVALID));
  }
}
