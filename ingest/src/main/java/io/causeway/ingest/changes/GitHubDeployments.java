package io.causeway.ingest.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * GitHub {@code deployment_status} webhooks. {@code success} is a DEPLOY; {@code failure} and
 * {@code error} are a DEPLOY too (a failed rollout can still change what runs) whose description
 * says it failed; pending, queued, in_progress and inactive are acknowledged and not recorded, as
 * is every other event type ({@code ping} included).
 */
final class GitHubDeployments implements ChangeMapper {

  static final String SOURCE = "github";
  static final String EVENT_HEADER = "X-GitHub-Event";

  @Override
  public List<ChangeEvent> map(JsonNode body, Function<String, String> header, Instant receivedAt) throws BadChangeRequest {
    String event = header.apply(EVENT_HEADER);
    if (event == null) {
      throw new BadChangeRequest(400, "missing_header", "header " + EVENT_HEADER + " is required");
    }
    if (!event.equals("deployment_status")) {
      return List.of();
    }
    Json.requireObject(body, "the webhook body");
    String state = Json.required(body, "deployment_status.state").toLowerCase(Locale.ROOT);
    boolean failed = state.equals("failure") || state.equals("error");
    if (!state.equals("success") && !failed) {
      return List.of();
    }
    String service = Json.text(body, "deployment.payload.service");
    if (service == null) {
      service = Json.required(body, "repository.name");
    }
    String environment = Json.text(body, "deployment.environment");
    String ref = Json.text(body, "deployment.ref");
    String sha = Json.text(body, "deployment.sha");
    String version = sha != null ? sha : ref;
    Instant timestamp = firstNonNull(
        Json.instant(body, "deployment_status.updated_at"),
        Json.instant(body, "deployment_status.created_at"),
        receivedAt);
    String description = (failed ? "deployment failed (" + state + ")" : "deployed")
        + (ref != null ? " " + ref : "")
        + (environment != null ? " to " + environment : "");
    String statusDescription = Json.text(body, "deployment_status.description");
    if (statusDescription != null) {
      description += ": " + statusDescription;
    }
    String statusId = Json.text(body, "deployment_status.id");
    String id = statusId != null
        ? SOURCE + "-deployment-status-" + statusId
        : ChangeIds.derive(SOURCE, service, ChangeType.DEPLOY, timestamp, version, state, environment);
    return List.of(ChangeEvent.newBuilder()
        .setId(id).setService(service).setType(ChangeType.DEPLOY).setTimestamp(timestamp)
        .setVersion(version).setAuthor(Json.text(body, "sender.login")).setDescription(description)
        .setSource(SOURCE)
        .build());
  }

  private static Instant firstNonNull(Instant... candidates) {
    for (Instant candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    throw new IllegalStateException("no timestamp");
  }
}
