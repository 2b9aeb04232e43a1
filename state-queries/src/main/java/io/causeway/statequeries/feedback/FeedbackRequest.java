package io.causeway.statequeries.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.Feedback;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.Verdict;
import io.causeway.statequeries.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A responder's feedback as posted: {@code {"verdict": "confirm" | "reject", "service": "...",
 * "note": "...", "by": "..."}}. Everything that is not a well-formed verdict on this incident is
 * a 400 that says what to send instead.
 */
final class FeedbackRequest {

  static final Set<String> FIELDS = Set.of("verdict", "service", "note", "by");
  static final int MAX_NAME_CHARS = 256;
  static final int MAX_NOTE_CHARS = 4000;
  static final String ANONYMOUS = "anonymous";

  private FeedbackRequest() {}

  /** The {@code Feedback} record for {@code incident}, stamped {@code now}. */
  static Feedback parse(JsonNode body, Incident incident, Instant now) {
    rejectUnknownFields(body);
    Verdict verdict = verdict(body.get("verdict"));
    String service = text(body, "service", MAX_NAME_CHARS, true);
    if (verdict == Verdict.REJECTED) {
      requireHypothesis(incident, service);
    }
    String by = text(body, "by", MAX_NAME_CHARS, false);
    return Feedback.newBuilder()
        .setIncidentId(incident.getId())
        .setService(service)
        .setVerdict(verdict)
        .setResolutionNote(text(body, "note", MAX_NOTE_CHARS, false))
        .setAuthor(by == null ? ANONYMOUS : by)
        .setTime(now)
        .build();
  }

  private static void rejectUnknownFields(JsonNode body) {
    List<String> unknown = new ArrayList<>();
    body.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("unknown field(s) " + unknown + "; feedback takes verdict, service, note, by");
    }
  }

  private static Verdict verdict(JsonNode value) {
    String text = value == null || !value.isTextual() ? "" : value.asText().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "confirm", "confirmed" -> Verdict.CONFIRMED;
      case "reject", "rejected" -> Verdict.REJECTED;
      default -> throw ApiException.badRequest(
          "'verdict' must be \"confirm\" or \"reject\", was " + (value == null ? "missing" : value.toString()));
    };
  }

  private static String text(JsonNode body, String field, int maxChars, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw ApiException.badRequest("'" + field + "' is required: the service the verdict is about");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw ApiException.badRequest("'" + field + "' must be a non-empty string, was " + value);
    }
    String text = value.asText().strip();
    if (text.length() > maxChars) {
      throw ApiException.badRequest("'" + field + "' is longer than " + maxChars + " characters");
    }
    return text;
  }

  /** A rejection is about a suspect the incident offered; anything else is a typo to catch now. */
  private static void requireHypothesis(Incident incident, String service) {
    List<String> suspects = incident.getHypotheses().stream().map(Hypothesis::getService).map(CharSequence::toString).toList();
    if (!suspects.contains(service)) {
      throw ApiException.badRequest(
          "incident '" + incident.getId() + "' has no hypothesis '" + service + "' to reject; its suspects are " + suspects);
    }
  }
}
