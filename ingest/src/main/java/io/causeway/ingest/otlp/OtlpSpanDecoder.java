package io.causeway.ingest.otlp;

import com.google.protobuf.ByteString;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code ExportTraceServiceRequest} to {@link Span}s, one per OTLP span.
 *
 * <ul>
 *   <li>ids: lowercase hex; an empty parent id means a root span (null);
 *   <li>service, namespace, instance: from the resource ({@link OtlpResource});
 *   <li>operation: the span name; kind: {@code SPAN_KIND_*} to our kind of the same name
 *       (unknown values are UNSPECIFIED);
 *   <li>startTime: start nanos floored to millis; durationMicros: (end - start) nanos / 1000,
 *       0 when the end is before the start;
 *   <li>status: {@code STATUS_CODE_ERROR} is ERROR, {@code STATUS_CODE_OK} is OK, anything else
 *       UNSET; a status message becomes the attribute {@code otel.status_description};
 *   <li>peerService: the {@code peer.service} attribute (the topology job falls back to
 *       {@code db.system}, {@code server.address} and the like);
 *   <li>attributes: the span's, flattened to strings ({@link AnyValues}), over the kept resource
 *       attributes and {@code otel.scope.name}/{@code otel.scope.version}. Events and links are
 *       not kept.
 * </ul>
 */
public final class OtlpSpanDecoder implements OtlpDecoder<Span> {

  static final String STATUS_DESCRIPTION = "otel.status_description";

  private final OtlpEncoding encoding;

  public OtlpSpanDecoder(OtlpEncoding encoding) {
    this.encoding = encoding;
  }

  @Override
  public List<Span> decode(byte[] payload, long receivedAtMillis) throws OtlpDecodeException {
    ExportTraceServiceRequest request = OtlpRequests.traces(payload, encoding);
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      OtlpResource resource = OtlpResource.of(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (var span : scopeSpans.getSpansList()) {
          spans.add(span(resource, scopeSpans, span));
        }
      }
    }
    return spans;
  }

  private static Span span(OtlpResource resource, ScopeSpans scope, io.opentelemetry.proto.trace.v1.Span span)
      throws OtlpDecodeException {
    Map<String, String> own = AnyValues.asStrings(span.getAttributesList());
    if (!span.getStatus().getMessage().isEmpty()) {
      own.put(STATUS_DESCRIPTION, span.getStatus().getMessage());
    }
    long startNanos = span.getStartTimeUnixNano();
    long durationNanos = span.getEndTimeUnixNano() - startNanos;
    return Span.newBuilder()
        .setTraceId(Ids.traceId(span.getTraceId(), "span trace id"))
        .setSpanId(Ids.spanId(span.getSpanId(), "span id"))
        .setParentSpanId(Ids.optionalSpanId(span.getParentSpanId(), "parent span id"))
        .setService(resource.service())
        .setNamespace(resource.namespace())
        .setInstance(resource.instance())
        .setOperation(span.getName())
        .setKind(kind(span.getKind()))
        .setStartTime(Instant.ofEpochMilli(Math.floorDiv(startNanos, 1_000_000L)))
        .setDurationMicros(Math.max(0, durationNanos / 1_000L))
        .setStatus(status(span.getStatus().getCode()))
        .setPeerService(own.get("peer.service"))
        .setAttributes(resource.attributes(scope.getScope(), own))
        .build();
  }

  static SpanKind kind(io.opentelemetry.proto.trace.v1.Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
      case SPAN_KIND_SERVER -> SpanKind.SERVER;
      case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
      case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
      case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> SpanKind.UNSPECIFIED;
    };
  }

  static SpanStatus status(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_ERROR -> SpanStatus.ERROR;
      case STATUS_CODE_OK -> SpanStatus.OK;
      case STATUS_CODE_UNSET, UNRECOGNIZED -> SpanStatus.UNSET;
    };
  }

  /** Trace and span ids: OTLP's fixed-length bytes as lowercase hex. */
  static final class Ids {

    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    static String traceId(ByteString id, String what) throws OtlpDecodeException {
      return required(id, 16, what);
    }

    static String spanId(ByteString id, String what) throws OtlpDecodeException {
      return required(id, 8, what);
    }

    static String optionalSpanId(ByteString id, String what) throws OtlpDecodeException {
      return id.isEmpty() ? null : required(id, 8, what);
    }

    static String optional(ByteString id, int length, String what) throws OtlpDecodeException {
      return id.isEmpty() ? null : required(id, length, what);
    }

    private static String required(ByteString id, int length, String what) throws OtlpDecodeException {
      if (id.size() != length) {
        throw new OtlpDecodeException(OtlpDecodeException.INVALID, what + " has " + id.size() + " bytes, not " + length);
      }
      for (int i = 0; i < length; i++) {
        if (id.byteAt(i) != 0) {
          return HEX.formatHex(id.toByteArray());
        }
      }
      throw new OtlpDecodeException(OtlpDecodeException.INVALID, what + " is all zeros");
    }
  }
}
