package io.causeway.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * OTLP/JSON as the Collector writes and reads it. It is proto3 JSON with lowerCamelCase names,
 * 64-bit integers as strings and enums as integers, except that trace and span ids are hex, not
 * base64. Protobuf's {@link JsonFormat} knows only base64, and a 32-digit hex id is also valid
 * base64 (it would silently decode to 24 wrong bytes), so ids are rewritten in the JSON text
 * before parsing and after printing. Only id fields are touched: {@code bytesValue} attribute
 * values stay base64, as OTLP specifies.
 */
public final class OtlpJson {

  /** Every OTLP field holding a trace or span id (spans, links, exemplars, logs), both spellings. */
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();

  private OtlpJson() {}

  /** Merges OTLP/JSON {@code json} into {@code builder}; unknown fields are ignored. */
  public static void merge(byte[] json, Message.Builder builder) throws OtlpDecodeException {
    String protoJson;
    try {
      protoJson = rewriteIds(json, OtlpJson::hexToBase64);
    } catch (JsonProcessingException e) {
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, "not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, String.valueOf(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, e.getMessage(), e);
    }
    try {
      PARSER.merge(protoJson, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, "not an OTLP " + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Gson and JsonFormat throw unchecked exceptions on some inputs (bad numbers, deep nesting).
      throw new OtlpDecodeException(OtlpDecodeException.MALFORMED, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code message} in OTLP/JSON exactly as the Collector's {@code otlp_json} marshaller writes it:
   * compact, lowerCamelCase, enums as integers, 64-bit integers as strings, hex ids, defaults
   * omitted.
   */
  public static String print(MessageOrBuilder message) {
    try {
      return rewriteIds(PRINTER.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8), OtlpJson::base64ToHex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rewriteIds(byte[] json, java.util.function.UnaryOperator<String> id) throws IOException {
    StringWriter out = new StringWriter(json.length + 16);
    try (JsonParser parser = JSON.createParser(json);
        JsonGenerator generator = JSON.createGenerator(out)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME && ID_FIELDS.contains(parser.currentName())) {
          generator.writeFieldName(parser.currentName());
          if (parser.nextToken() == JsonToken.VALUE_STRING) {
            generator.writeString(id.apply(parser.getText()));
          } else {
            generator.copyCurrentStructure(parser);
          }
        } else {
          generator.copyCurrentEventExact(parser);
        }
      }
    }
    return out.toString();
  }

  private static String hexToBase64(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("id '" + abbreviate(hex) + "' is not hex: odd number of digits");
    }
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("id '" + abbreviate(hex) + "' is not hex", e);
    }
  }

  private static String base64ToHex(String base64) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
