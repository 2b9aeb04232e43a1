package io.causeway.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Reads the request of one signal from a payload in one encoding, with a reason when it cannot. */
final class OtlpRequests {

  private OtlpRequests() {}

  static ExportTraceServiceRequest traces(byte[] payload, OtlpEncoding encoding) throws OtlpDecodeException {
    ExportTraceServiceRequest request =
        parse(payload, encoding, ExportTraceServiceRequest.parser(), ExportTraceServiceRequest.newBuilder());
    requireResources(request.getResourceSpansCount(), "resourceSpans");
    return request;
  }

  static ExportMetricsServiceRequest metrics(byte[] payload, OtlpEncoding encoding) throws OtlpDecodeException {
    ExportMetricsServiceRequest request =
        parse(payload, encoding, ExportMetricsServiceRequest.parser(), ExportMetricsServiceRequest.newBuilder());
    requireResources(request.getResourceMetricsCount(), "resourceMetrics");
    return request;
  }

  static ExportLogsServiceRequest logs(byte[] payload, OtlpEncoding encoding) throws OtlpDecodeException {
    ExportLogsServiceRequest request =
        parse(payload, encoding, ExportLogsServiceRequest.parser(), ExportLogsServiceRequest.newBuilder());
    requireResources(request.getResourceLogsCount(), "resourceLogs");
    return request;
  }

  @SuppressWarnings("unchecked")
  private static <M extends Message> M parse(byte[] payload, OtlpEncoding encoding, Parser<M> parser, Message.Builder builder)
      throws OtlpDecodeException {
    if (payload == null) {
      throw new OtlpDecodeException(OtlpDecodeException.NULL_PAYLOAD, "record has no value");
    }
    if (payload.length == 0) {
      throw new OtlpDecodeException(OtlpDecodeException.EMPTY, "empty payload");
    }
    if (encoding == OtlpEncoding.JSON) {
      if (!looksLikeJson(payload)) {
        throw new OtlpDecodeException(OtlpDecodeException.WRONG_ENCODING, "expected otlp_json, the payload does not start with '{'");
      }
      OtlpJson.merge(payload, builder);
      return (M) builder.build();
    }
    try {
      return parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      if (looksLikeJson(payload)) {
        throw new OtlpDecodeException(OtlpDecodeException.WRONG_ENCODING, "expected otlp_proto, the payload is JSON", e);
      }
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, String.valueOf(e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static boolean looksLikeJson(byte[] payload) {
    for (byte b : payload) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
        return false; // anything but whitespace or a UTF-8 byte order mark before the first '{'
      }
    }
    return false;
  }

  private static void requireResources(int count, String field) throws OtlpDecodeException {
    if (count == 0) {
      throw new OtlpDecodeException(OtlpDecodeException.EMPTY, "no " + field + ": an empty request, or another signal's request");
    }
  }
}
