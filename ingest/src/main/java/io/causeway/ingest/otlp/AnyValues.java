package io.causeway.ingest.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attribute values as strings, the way the Collector's {@code AnyValue.AsString} renders
 * them: strings as they are, booleans and integers in decimal, doubles in shortest plain decimal
 * ({@code 3}, {@code 0.25}), bytes in base64, arrays and key-value lists as compact JSON.
 */
final class AnyValues {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnyValues() {}

  static String asString(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> doubleAsString(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value);
      case VALUE_NOT_SET -> "";
    };
  }

  /** Attributes flattened to strings; a later duplicate key wins, as in the Collector. */
  static Map<String, String> asStrings(List<KeyValue> attributes) {
    Map<String, String> flat = new LinkedHashMap<>();
    for (KeyValue attribute : attributes) {
      flat.put(attribute.getKey(), asString(attribute.getValue()));
    }
    return flat;
  }

  /** The first attribute named {@code key} with a non-blank value, or null. */
  static String find(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        String value = asString(attribute.getValue());
        if (!value.isBlank()) {
          return value;
        }
      }
    }
    return null;
  }

  private static String doubleAsString(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String json(AnyValue value) {
    try {
      return MAPPER.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an attribute as JSON", e);
    }
  }

  private static Object plain(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? value.getDoubleValue() : doubleAsString(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<Object> items = new ArrayList<>();
        value.getArrayValue().getValuesList().forEach(v -> items.add(plain(v)));
        yield items;
      }
      case KVLIST_VALUE -> {
        Map<String, Object> entries = new LinkedHashMap<>();
        value.getKvlistValue().getValuesList().forEach(kv -> entries.put(kv.getKey(), plain(kv.getValue())));
        yield entries;
      }
      case VALUE_NOT_SET -> null;
    };
  }
}
