package io.causeway.notify.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.statequeries.http.AvroJsonSerializer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;

/** JSON bodies and POST requests for the sinks. */
final class Json {

  /** Writes our Avro records as state-queries answers them (times as ISO text, enums by name). */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new SimpleModule("avro").addSerializer(SpecificRecord.class, new AvroJsonSerializer()));

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  static HttpRequest.Builder post(URI uri, byte[] body, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "causeway-notify")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** {@code text} cut to {@code max} characters, with an ellipsis when cut (the services' field limits). */
  static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
