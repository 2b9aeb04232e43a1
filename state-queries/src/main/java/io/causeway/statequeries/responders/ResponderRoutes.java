package io.causeway.statequeries.responders;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.FaultKind;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.Silence;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.cli.DurationText;
import io.causeway.statequeries.http.ApiException;
import io.causeway.statequeries.http.Reply;
import io.causeway.statequeries.http.Route;
import io.causeway.statequeries.http.RouteGroup;
import io.causeway.statequeries.publish.TopicPublisher;
import io.causeway.statequeries.query.IncidentQueries;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The responders' write API: acknowledge an incident ({@code incident.acks}), silence a service or
 * one of its fault kinds until a time and lift a silence ({@code notify.silences}), list silences.
 * A write answers once the broker stored the record; the notifier and this service's views read
 * it from there.
 */
public final class ResponderRoutes implements RouteGroup {

  /** The furthest a silence may reach: a longer one is forgotten rather than meant. */
  static final Duration LONGEST_SILENCE = Duration.ofDays(30);
  private static final int MAX_NAME = 200;
  private static final int MAX_TEXT = 2_000;

  /** Writes a record to a topic and waits for the broker; {@link TopicPublisher} in the service. */
  @FunctionalInterface
  public interface Writer {
    <T extends SpecificRecord> void publish(Topic topic, String key, T value, Instant timestamp) throws IOException;
  }

  private final ResponderViews views;
  private final IncidentQueries incidents;
  private final Writer writer;
  private final Clock clock;

  public ResponderRoutes(ResponderViews views, IncidentQueries incidents, Writer writer, Clock clock) {
    this.views = views;
    this.incidents = incidents;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/incidents/{id}/ack", "/api/incidents/([^/]+)/ack", Set.of(), (path, params, body) ->
            new Reply(202, Map.of("ack", acknowledge(path.get(0), body.json())))),
        Route.post("/api/silences", "/api/silences", Set.of(), (path, params, body) ->
            new Reply(201, Map.of("silence", silence(body.json())))),
        Route.api("/api/silences", "/api/silences", Set.of("all"), (path, params) ->
            Reply.ok(Map.of("silences", views.silences(clock.instant(), "true".equals(params.text("all", "false")))))),
        Route.post("/api/silences/{id}/expire", "/api/silences/([^/]+)/expire", Set.of(), (path, params, body) ->
            Reply.ok(Map.of("silence", expire(path.get(0))))));
  }

  private IncidentAck acknowledge(String incidentId, JsonNode body) {
    onlyFields(body, "by", "note");
    if (incidents.latest(incidentId).isEmpty()) {
      throw ApiException.notFound("no incident '" + incidentId + "'");
    }
    Instant now = clock.instant();
    IncidentAck ack = IncidentAck.newBuilder()
        .setIncidentId(incidentId)
        .setBy(requiredText(body, "by", MAX_NAME))
        .setNote(optionalText(body, "note", MAX_TEXT))
        .setTime(now)
        .build();
    write(Topic.ACKS, incidentId, ack, now);
    return ack;
  }

  private Silence silence(JsonNode body) {
    onlyFields(body, "service", "faultKind", "until", "by", "comment");
    Instant now = clock.instant();
    Silence silence = Silence.newBuilder()
        .setId("sil-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .setService(requiredText(body, "service", MAX_NAME))
        .setFaultKind(faultKind(optionalText(body, "faultKind", MAX_NAME)))
        .setUntil(until(requiredText(body, "until", MAX_NAME), now))
        .setBy(requiredText(body, "by", MAX_NAME))
        .setComment(optionalText(body, "comment", MAX_TEXT))
        .setCreatedAt(now)
        .build();
    write(Topic.SILENCES, silence.getId(), silence, now);
    return silence;
  }

  /** Ends a silence now (a silence that already ended stays as it was). */
  private Silence expire(String id) {
    Silence silence = views.silence(id).orElseThrow(() -> ApiException.notFound("no silence '" + id + "'"));
    Instant now = clock.instant();
    if (!silence.getUntil().isAfter(now)) {
      return silence;
    }
    Silence ended = Silence.newBuilder(silence).setUntil(now).build();
    write(Topic.SILENCES, id, ended, now);
    return ended;
  }

  /** {@code until}: an ISO-8601 instant or a duration from now ({@code 2h}, {@code 30m}, {@code PT2H}). */
  static Instant until(String text, Instant now) {
    Instant until;
    try {
      until = Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        until = now.plus(new DurationText().convert(text));
      } catch (RuntimeException notADuration) {
        throw ApiException.badRequest("'until' must be an ISO-8601 time (2026-12-07T18:00:00Z) or a duration from now (2h, 30m), was '" + text + "'");
      }
    }
    if (!until.isAfter(now)) {
      throw ApiException.badRequest("'until' (" + until + ") must be in the future");
    }
    if (until.isAfter(now.plus(LONGEST_SILENCE))) {
      throw ApiException.badRequest("'until' (" + until + ") is more than " + LONGEST_SILENCE.toDays() + " days ahead; silence for less and renew it");
    }
    return until;
  }

  private static FaultKind faultKind(String text) {
    if (text == null) {
      return null;
    }
    try {
      FaultKind kind = FaultKind.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
      if (kind != FaultKind.UNKNOWN) {
        return kind;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiException.badRequest("'faultKind' must be one of " + faultKinds() + ", was '" + text + "'");
  }

  private static String faultKinds() {
    return Arrays.stream(FaultKind.values()).filter(k -> k != FaultKind.UNKNOWN)
        .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
  }

  private static void onlyFields(JsonNode body, String... known) {
    Set<String> allowed = Set.of(known);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest("unknown field '" + name + "'; this endpoint takes " + String.join(", ", known));
      }
    }
  }

  private static String requiredText(JsonNode body, String field, int max) {
    String value = optionalText(body, field, max);
    if (value == null) {
      throw ApiException.badRequest("'" + field + "' is required");
    }
    return value;
  }

  private static String optionalText(JsonNode body, String field, int max) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    String value = node.asText().strip();
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > max) {
      throw ApiException.badRequest("'" + field + "' is longer than " + max + " characters");
    }
    return value;
  }

  private <T extends SpecificRecord> void write(Topic topic, String key, T value, Instant now) {
    try {
      writer.publish(topic, key, value, now);
    } catch (IOException e) {
      throw ApiException.unavailable(e.getMessage() + "; try again");
    }
  }
}
