package io.causeway.statequeries.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** A request's body as sent, with its content type; {@link #json()} parses it or answers 400. */
public record RequestBody(byte[] bytes, String contentType) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RequestBody empty() {
    return new RequestBody(new byte[0], null);
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The body as a JSON object; a missing, malformed or non-object body is a 400 that says so. */
  public JsonNode json() {
    if (isEmpty()) {
      throw ApiException.badRequest("the request needs a JSON object body");
    }
    if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ApiException.badRequest("the body must be JSON (Content-Type: application/json), was '" + contentType + "'");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("the body could not be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return node;
  }

  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
