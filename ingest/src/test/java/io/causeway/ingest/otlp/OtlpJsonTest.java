package io.causeway.ingest.otlp;

import static io.causeway.ingest.otlp.OtlpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

  private static final ExportTraceServiceRequest REQUEST =
      ExportTraceServiceRequest.newBuilder()
          .addResourceSpans(
              ResourceSpans.newBuilder()
                  .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(string("service.name", "cartservice")))
                  .addScopeSpans(
                      ScopeSpans.newBuilder()
                          .addSpans(
                              Span.newBuilder()
                                  .setTraceId(id(TRACE_ID))
                                  .setSpanId(id(SPAN_ID))
                                  .setName("GetCart")
                                  .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                                  .setStartTimeUnixNano(1544712660000000000L)
                                  .setEndTimeUnixNano(1544712661000000000L)
                                  .addAttributes(KeyValue.newBuilder().setKey("app.blob").setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")))))))
          .build();

  @Test
  void printsLikeTheCollectorsOtlpJsonMarshallerWithHexIdsIntegerEnumsAndStringNanos() {
    assertThat(OtlpJson.print(REQUEST))
        .isEqualTo(
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"cartservice\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
                + "\"name\":\"GetCart\",\"kind\":3,\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":\"1544712661000000000\","
                + "\"attributes\":[{\"key\":\"app.blob\",\"value\":{\"bytesValue\":\"aGk=\"}}]}]}]}]}");
  }

  @Test
  void readsBackWhatItPrintsWithBytesValuesStillBase64() throws Exception {
    ExportTraceServiceRequest.Builder read = ExportTraceServiceRequest.newBuilder();

    OtlpJson.merge(OtlpJson.print(REQUEST).getBytes(StandardCharsets.UTF_8), read);

    assertThat(read.build()).isEqualTo(REQUEST);
  }

  @Test
  void ignoresFieldsOfNewerOtlpVersions() throws Exception {
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE_ID + "\",\"name\":\"x\",\"futureField\":{\"a\":1}}]}]}]}";
    ExportTraceServiceRequest.Builder read = ExportTraceServiceRequest.newBuilder();

    OtlpJson.merge(json.getBytes(StandardCharsets.UTF_8), read);

    assertThat(read.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId()).isEqualTo(id(TRACE_ID));
  }
}
