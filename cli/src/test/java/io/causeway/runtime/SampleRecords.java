package io.causeway.runtime;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.Map;

/** Small valid records for tests that need one of a kind. */
final class SampleRecords {

  private SampleRecords() {}

  static Span span(Instant at) {
    return Span.newBuilder()
        .setTraceId("0af7651916cd43dd8448eb211c80319c")
        .setSpanId("b7ad6b7169203331")
        .setService("frontend")
        .setOperation("GET /")
        .setKind(SpanKind.SERVER)
        .setStartTime(at)
        .setDurationMicros(12_000)
        .setStatus(SpanStatus.OK)
        .setAttributes(Map.of("http.request.method", "GET"))
        .build();
  }

  static ChangeEvent change(Instant at) {
    return ChangeEvent.newBuilder()
        .setId("chg-1")
        .setService("cartservice")
        .setType(ChangeType.DEPLOY)
        .setTimestamp(at)
        .setVersion("v2")
        .setSource("test")
        .build();
  }
}
