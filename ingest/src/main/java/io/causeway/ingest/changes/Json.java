package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Field access for webhook bodies: missing, null and blank all read as absent. */
final class Json {

  private Json() {}

  /** The text at a dotted path, or null. */
  static String text(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(part);
    }
    if (current == null || current.isNull() || current.isContainerNode()) {
      return null;
    }
    String text = current.asText().strip();
    return text.isEmpty() ? null : text;
  }

  static String required(JsonNode node, String path) throws BadChangeRequest {
    String value = text(node, path);
    if (value == null) {
      throw new BadChangeRequest(400, "missing_field", "field '" + path + "' is required");
    }
    return value;
  }

  /** An ISO-8601 instant at a path ({@code 2025-03-01T10:00:00Z} or with an offset), or null. */
  static Instant instant(JsonNode node, String path) throws BadChangeRequest {
    String value = text(node, path);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadChangeRequest(400, "invalid_timestamp", "field '" + path + "' is not an ISO-8601 timestamp: " + value);
    }
  }

  static void requireObject(JsonNode node, String what) throws BadChangeRequest {
    if (node == null || !node.isObject()) {
      throw new BadChangeRequest(400, "invalid_change", what + " must be a JSON object");
    }
  }
}
