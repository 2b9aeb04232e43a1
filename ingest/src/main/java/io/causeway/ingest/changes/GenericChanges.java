package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The documented generic form (see ingest/README.md): one object or an array of objects with
 * {@code service}, {@code type} (required), {@code timestamp}, {@code version}, {@code author},
 * {@code description}, {@code id} and {@code source} (default {@code generic}).
 */
final class GenericChanges implements ChangeMapper {

  static final String SOURCE = "generic";

  @Override
  public List<ChangeEvent> map(JsonNode body, Function<String, String> header, Instant receivedAt) throws BadChangeRequest {
    List<ChangeEvent> events = new ArrayList<>();
    if (body.isArray()) {
      if (body.isEmpty()) {
        throw BadChangeRequest.invalid("the array holds no changes");
      }
      for (int i = 0; i < body.size(); i++) {
        try {
          events.add(one(body.get(i), receivedAt));
        } catch (BadChangeRequest e) {
          throw new BadChangeRequest(e.status(), e.code(), "change [" + i + "]: " + e.getMessage());
        }
      }
    } else {
      events.add(one(body, receivedAt));
    }
    return events;
  }

  private static ChangeEvent one(JsonNode change, Instant receivedAt) throws BadChangeRequest {
    Json.requireObject(change, "a change");
    String service = Json.required(change, "service");
    ChangeType type = type(Json.required(change, "type"));
    Instant timestamp = Json.instant(change, "timestamp");
    if (timestamp == null) {
      timestamp = receivedAt;
    }
    String version = Json.text(change, "version");
    String author = Json.text(change, "author");
    String description = Json.text(change, "description");
    String source = Json.text(change, "source");
    source = source == null ? SOURCE : source;
    String id = Json.text(change, "id");
    if (id == null) {
      id = ChangeIds.derive(source, service, type, timestamp, version, author, description);
    }
    return ChangeEvent.newBuilder()
        .setId(id).setService(service).setType(type).setTimestamp(timestamp)
        .setVersion(version).setAuthor(author).setDescription(description).setSource(source)
        .build();
  }

  private static ChangeType type(String name) throws BadChangeRequest {
    try {
      ChangeType type = ChangeType.valueOf(name.toUpperCase(Locale.ROOT));
      if (type != ChangeType.UNKNOWN) {
        return type;
      }
    } catch (IllegalArgumentException e) {
      // reported below with the accepted names
    }
    List<ChangeType> known = new ArrayList<>(Arrays.asList(ChangeType.values()));
    known.remove(ChangeType.UNKNOWN);
    throw new BadChangeRequest(400, "unknown_type", "type '" + name + "' is not one of " + known);
  }
}
