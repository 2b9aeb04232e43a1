package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Argo CD notifications sent by a webhook template (see ingest/README.md): {@code app} and
 * {@code status} required; {@code service} (default: app), {@code revision}, {@code author},
 * {@code message}, {@code operation}, {@code timestamp} optional. A ROLLBACK when status or
 * operation is {@code rollback}, otherwise a DEPLOY whose description carries the status.
 */
final class ArgoCdNotifications implements ChangeMapper {

  static final String SOURCE = "argocd";

  @Override
  public List<ChangeEvent> map(JsonNode body, Function<String, String> header, Instant receivedAt) throws BadChangeRequest {
    Json.requireObject(body, "the notification body");
    String app = Json.required(body, "app");
    String status = Json.required(body, "status");
    String operation = Json.text(body, "operation");
    String service = Json.text(body, "service");
    service = service == null ? app : service;
    boolean rollback = "rollback".equalsIgnoreCase(status) || "rollback".equalsIgnoreCase(operation);
    ChangeType type = rollback ? ChangeType.ROLLBACK : ChangeType.DEPLOY;
    Instant timestamp = Json.instant(body, "timestamp");
    timestamp = timestamp == null ? receivedAt : timestamp;
    String revision = Json.text(body, "revision");
    String message = Json.text(body, "message");
    String description = "Argo CD app " + app + " " + status + (message != null ? ": " + message : "");
    return List.of(ChangeEvent.newBuilder()
        .setId(ChangeIds.derive(SOURCE, service, type, timestamp, revision, status, operation))
        .setService(service).setType(type).setTimestamp(timestamp)
        .setVersion(revision).setAuthor(Json.text(body, "author")).setDescription(description)
        .setSource(SOURCE)
        .build());
  }
}
