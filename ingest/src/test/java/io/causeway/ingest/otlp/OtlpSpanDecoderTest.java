package io.causeway.ingest.otlp;

import static io.causeway.ingest.otlp.OtlpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OtlpSpanDecoderTest {

  private static final long RECEIVED_AT = Instant.parse("2025-03-01T10:00:05Z").toEpochMilli();

  private static io.opentelemetry.proto.trace.v1.Span.Builder serverSpan() {
    return io.opentelemetry.proto.trace.v1.Span.newBuilder()
        .setTraceId(id(TRACE_ID))
        .setSpanId(id(SPAN_ID))
        .setParentSpanId(id(PARENT_ID))
        .setName("hipstershop.ProductCatalogService/GetProduct")
        .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(START_NANOS)
        .setEndTimeUnixNano(START_NANOS + 38_250_999L)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("product not found"))
        .addAttributes(string("rpc.system", "grpc"))
        .addAttributes(integer("rpc.grpc.status_code", 5))
        .addAttributes(string("peer.service", "frontend"));
  }

  private static ExportTraceServiceRequest request(Resource resource, io.opentelemetry.proto.trace.v1.Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE);
    Arrays.stream(spans).forEach(scope::addSpans);
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
  }

  private static Span expectedServerSpan() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("deployment.environment.name", "production");
    attributes.put("service.version", "v0.10.2");
    attributes.put("otel.scope.name", "io.opentelemetry.grpc-1.6");
    attributes.put("otel.scope.version", "2.1.0");
    attributes.put("rpc.system", "grpc");
    attributes.put("rpc.grpc.status_code", "5");
    attributes.put("peer.service", "frontend");
    attributes.put("otel.status_description", "product not found");
    return Span.newBuilder()
        .setTraceId(TRACE_ID)
        .setSpanId(SPAN_ID)
        .setParentSpanId(PARENT_ID)
        .setService("productcatalogservice")
        .setNamespace("shop")
        .setInstance("productcatalogservice-6d9f8-x2x7q")
        .setOperation("hipstershop.ProductCatalogService/GetProduct")
        .setKind(SpanKind.SERVER)
        .setStartTime(Instant.parse("2025-03-01T10:00:00.123Z"))
        .setDurationMicros(38_250)
        .setStatus(SpanStatus.ERROR)
        .setPeerService("frontend")
        .setAttributes(attributes)
        .build();
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void mapsEveryFieldOfAServerSpanFromTheCollectorsEncoding(OtlpEncoding encoding) throws Exception {
    byte[] payload = payload(request(shopResource(), serverSpan()), encoding);

    List<Span> spans = new OtlpSpanDecoder(encoding).decode(payload, RECEIVED_AT);

    assertThat(spans).containsExactly(expectedServerSpan());
  }

  @Test
  void readsTheOtlpSpecificationsJsonExampleWithUppercaseHexIdsAndNumericNanos() throws Exception {
    String json =
        """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
          "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},
            "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
              "name":"I'm a server span","startTimeUnixNano":1544712660000000000,"endTimeUnixNano":1544712661000000000,"kind":2,
              "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}
        """;

    Span span = new OtlpSpanDecoder(OtlpEncoding.JSON).decode(json.getBytes(StandardCharsets.UTF_8), RECEIVED_AT).get(0);

    assertThat(span)
        .isEqualTo(
            Span.newBuilder()
                .setTraceId(TRACE_ID)
                .setSpanId(SPAN_ID)
                .setParentSpanId(PARENT_ID)
                .setService("my.service")
                .setOperation("I'm a server span")
                .setKind(SpanKind.SERVER)
                .setStartTime(Instant.ofEpochMilli(1544712660000L))
                .setDurationMicros(1_000_000)
                .setStatus(SpanStatus.UNSET)
                .setAttributes(Map.of("otel.scope.name", "my.library", "otel.scope.version", "1.0.0", "my.span.attr", "some value"))
                .build());
  }

  @Test
  void namesAServiceWithoutServiceNameUnknownServiceAsOpenTelemetryDoes() throws Exception {
    Resource bare = Resource.newBuilder().addAttributes(string("host.name", "node-3")).build();
    Resource withExecutable = Resource.newBuilder().addAttributes(string("process.executable.name", "cartservice")).build();

    Span fromBare = new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(request(bare, serverSpan()).toByteArray(), RECEIVED_AT).get(0);
    Span fromExecutable = new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(request(withExecutable, serverSpan()).toByteArray(), RECEIVED_AT).get(0);

    assertThat(fromBare.getService()).isEqualTo("unknown_service");
    assertThat(fromBare.getNamespace()).isNull();
    assertThat(fromBare.getInstance()).isEqualTo("node-3");
    assertThat(fromExecutable.getService()).isEqualTo("unknown_service:cartservice");
    assertThat(fromExecutable.getInstance()).isNull();
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void treatsAnEmptyParentIdAsARootSpan(OtlpEncoding encoding) throws Exception {
    byte[] payload = payload(request(shopResource(), serverSpan().clearParentSpanId()), encoding);

    Span span = new OtlpSpanDecoder(encoding).decode(payload, RECEIVED_AT).get(0);

    assertThat(span.getParentSpanId()).isNull();
    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void mapsEverySpanKindAndStatusCode() {
    assertThat(Arrays.stream(io.opentelemetry.proto.trace.v1.Span.SpanKind.values()).map(OtlpSpanDecoder::kind))
        .containsExactly(SpanKind.UNSPECIFIED, SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.UNSPECIFIED);
    assertThat(Arrays.stream(Status.StatusCode.values()).map(OtlpSpanDecoder::status))
        .containsExactly(SpanStatus.UNSET, SpanStatus.OK, SpanStatus.ERROR, SpanStatus.UNSET);
  }

  @Test
  void flattensArrayKvlistDoubleAndBoolAttributesToText() throws Exception {
    var span =
        serverSpan()
            .clearAttributes()
            .addAttributes(array("http.request.header.accept", AnyValue.newBuilder().setStringValue("text/html").build(), AnyValue.newBuilder().setIntValue(2).build()))
            .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("app.cart").setValue(kvlist(string("currency", "EUR"), integer("items", 3))))
            .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("app.ratio").setValue(AnyValue.newBuilder().setDoubleValue(3.0)))
            .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("app.cached").setValue(AnyValue.newBuilder().setBoolValue(true)));

    Map<String, String> attributes = new OtlpSpanDecoder(OtlpEncoding.JSON).decode(payload(request(shopResource(), span), OtlpEncoding.JSON), RECEIVED_AT).get(0).getAttributes();

    assertThat(attributes)
        .containsEntry("http.request.header.accept", "[\"text/html\",2]")
        .containsEntry("app.cart", "{\"currency\":\"EUR\",\"items\":3}")
        .containsEntry("app.ratio", "3")
        .containsEntry("app.cached", "true");
  }

  @Test
  void givesAZeroDurationToASpanThatEndsBeforeItStarts() throws Exception {
    var span = serverSpan().setEndTimeUnixNano(START_NANOS - 5_000);

    assertThat(new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(request(shopResource(), span).toByteArray(), RECEIVED_AT).get(0).getDurationMicros()).isZero();
  }

  @Test
  void rejectsATruncatedProtoPayloadAsMalformed() {
    byte[] valid = request(shopResource(), serverSpan()).toByteArray();

    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(Arrays.copyOf(valid, valid.length - 3), RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.MALFORMED));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void turnsEveryTruncationIntoSpansOrADecodeExceptionWithAReasonAndNothingElse(OtlpEncoding encoding) {
    byte[] valid = payload(request(shopResource(), serverSpan(), serverSpan().setSpanId(id("0000000000000001"))), encoding);
    OtlpSpanDecoder decoder = new OtlpSpanDecoder(encoding);
    int rejected = 0;
    for (int length = 0; length < valid.length; length++) {
      try {
        List<Span> spans = decoder.decode(Arrays.copyOf(valid, length), RECEIVED_AT);
        assertThat(spans).as("spans of a payload cut to %d bytes", length).hasSizeLessThan(2);
      } catch (OtlpDecodeException e) {
        assertThat(e.reason()).isIn(OtlpDecodeException.EMPTY, OtlpDecodeException.MALFORMED, OtlpDecodeException.INVALID);
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(valid.length * 9 / 10);
  }

  @Test
  void rejectsJsonOnAProtoTopicAndProtoOnAJsonTopicAsTheWrongEncoding() {
    ExportTraceServiceRequest request = request(shopResource(), serverSpan());

    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(payload(request, OtlpEncoding.JSON), RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.WRONG_ENCODING));
    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.JSON).decode(payload(request, OtlpEncoding.PROTO), RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.WRONG_ENCODING));
  }

  @Test
  void rejectsJsonIdsThatAreNotHexAsMalformedRatherThanReadingThemAsBase64() {
    String json = OtlpJson.print(request(shopResource(), serverSpan())).replace(TRACE_ID, "W46P95gDgQPSabYzgT/GDA==");

    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.JSON).decode(json.getBytes(StandardCharsets.UTF_8), RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.MALFORMED))
        .hasMessageContaining("not hex");
  }

  @Test
  void rejectsATraceIdOfTheWrongLengthOrAllZerosAsInvalid() {
    byte[] shortId = request(shopResource(), serverSpan().setTraceId(id("5b8efff798038103"))).toByteArray();
    byte[] zeroId = request(shopResource(), serverSpan().setSpanId(id("0000000000000000"))).toByteArray();

    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(shortId, RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.INVALID))
        .hasMessageContaining("8 bytes, not 16");
    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(zeroId, RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.INVALID));
  }

  @Test
  void rejectsAnotherSignalsJsonRequestAsEmpty() {
    byte[] metrics = OtlpJson.print(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
        io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder().setResource(shopResource())).build()).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.JSON).decode(metrics, RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.EMPTY));
  }

  @Test
  void rejectsAMissingValueAndBytesThatAreNotJson() {
    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(null, RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.NULL_PAYLOAD));
    assertThatThrownBy(() -> new OtlpSpanDecoder(OtlpEncoding.JSON).decode("{\"resourceSpans\":[{".getBytes(StandardCharsets.UTF_8), RECEIVED_AT))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.MALFORMED));
  }
}
