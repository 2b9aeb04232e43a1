package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.ingest.nezha.PodNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes events as {@code kubectl get events -o json} prints them: one {@code Event} or a
 * {@code List} with {@code items}. Reasons map to change types (see {@link #TYPES}); any other
 * reason is acknowledged and not recorded. The service is the involved object's name with
 * Kubernetes suffixes stripped: pods through {@link PodNames}, replica sets lose the
 * pod-template hash, deployments, stateful sets and the rest keep their name.
 */
final class KubernetesEvents implements ChangeMapper {

  static final String SOURCE = "kubernetes";

  /** Reason to change type; an OOMKilled message makes any reason INFRA. */
  static final Map<String, ChangeType> TYPES = Map.ofEntries(
      Map.entry("ScalingReplicaSet", ChangeType.SCALE),
      Map.entry("SuccessfulRescale", ChangeType.SCALE),
      Map.entry("SuccessfulCreate", ChangeType.DEPLOY),
      Map.entry("DeploymentRollback", ChangeType.ROLLBACK),
      Map.entry("Killing", ChangeType.INFRA),
      Map.entry("OOMKilling", ChangeType.INFRA),
      Map.entry("BackOff", ChangeType.INFRA),
      Map.entry("CrashLoopBackOff", ChangeType.INFRA),
      Map.entry("Evicted", ChangeType.INFRA));

  private final PodNames podNames;

  KubernetesEvents(PodNames podNames) {
    this.podNames = podNames;
  }

  @Override
  public List<ChangeEvent> map(JsonNode body, Function<String, String> header, Instant receivedAt) throws BadChangeRequest {
    Json.requireObject(body, "the event body");
    List<ChangeEvent> events = new ArrayList<>();
    if ("List".equals(Json.text(body, "kind")) || body.has("items")) {
      JsonNode items = body.get("items");
      if (items == null || !items.isArray()) {
        throw BadChangeRequest.invalid("a List must have an 'items' array");
      }
      for (int i = 0; i < items.size(); i++) {
        try {
          one(items.get(i), receivedAt, events);
        } catch (BadChangeRequest e) {
          throw new BadChangeRequest(e.status(), e.code(), "items[" + i + "]: " + e.getMessage());
        }
      }
    } else {
      one(body, receivedAt, events);
    }
    return events;
  }

  private void one(JsonNode event, Instant receivedAt, List<ChangeEvent> out) throws BadChangeRequest {
    Json.requireObject(event, "an event");
    String reason = Json.required(event, "reason");
    String kind = Json.required(event, "involvedObject.kind");
    String name = Json.required(event, "involvedObject.name");
    String message = Json.text(event, "message");
    ChangeType type = message != null && message.contains("OOMKilled") ? ChangeType.INFRA : TYPES.get(reason);
    if (type == null) {
      return;
    }
    String service = serviceOf(kind, name);
    Instant timestamp = firstPresent(event, receivedAt, "lastTimestamp", "eventTime", "firstTimestamp", "metadata.creationTimestamp");
    String namespace = Json.text(event, "involvedObject.namespace");
    String description = reason + " " + (namespace != null ? namespace + "/" : "") + kind + "/" + name
        + (message != null ? ": " + message : "");
    String author = Json.text(event, "source.component");
    if (author == null) {
      author = Json.text(event, "reportingComponent");
    }
    out.add(ChangeEvent.newBuilder()
        .setId(ChangeIds.derive(SOURCE, service, type, timestamp, Json.text(event, "metadata.uid"), reason, message))
        .setService(service).setType(type).setTimestamp(timestamp)
        .setVersion(null).setAuthor(author).setDescription(description).setSource(SOURCE)
        .build());
  }

  String serviceOf(String kind, String name) {
    return switch (kind) {
      case "Pod" -> podNames.serviceOf(name);
      case "ReplicaSet" -> name.replaceFirst("-[a-z0-9]{6,10}$", "");
      default -> name;
    };
  }

  private static Instant firstPresent(JsonNode event, Instant fallback, String... paths) throws BadChangeRequest {
    for (String path : paths) {
      Instant value = Json.instant(event, path);
      if (value != null) {
        return value;
      }
    }
    return fallback;
  }
}
