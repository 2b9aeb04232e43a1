package io.causeway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks payloads against the services' published formats: PagerDuty Events API v2 ("Send an
 * alert event": routing_key, event_action, dedup_key, and for trigger payload.summary ≤ 1024,
 * payload.source, payload.severity in critical/error/warning/info) and Slack Block Kit (a
 * message's blocks, their types and text objects, and the length limits).
 */
final class PublishedFormats {

  private static final Set<String> PD_TOP = Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url");
  private static final Set<String> PD_PAYLOAD = Set.of("summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details");
  private static final Set<String> SLACK_BLOCKS = Set.of("section", "header", "context", "divider", "actions", "image", "rich_text");

  private PublishedFormats() {}

  static void assertPagerDutyEvent(JsonNode event) {
    assertThat(fields(event)).as("PagerDuty event fields").isSubsetOf(PD_TOP);
    assertThat(event.path("routing_key").isTextual()).as("routing_key").isTrue();
    assertThat(event.path("event_action").asText()).isIn("trigger", "acknowledge", "resolve");
    assertThat(event.path("dedup_key").asText()).isNotBlank().hasSizeLessThanOrEqualTo(255);
    if (event.path("event_action").asText().equals("trigger")) {
      JsonNode payload = event.path("payload");
      assertThat(fields(payload)).as("payload fields").isSubsetOf(PD_PAYLOAD);
      assertThat(payload.path("summary").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
      assertThat(payload.path("source").asText()).isNotBlank();
      assertThat(payload.path("severity").asText()).isIn("critical", "error", "warning", "info");
      if (payload.has("timestamp")) {
        Instant.parse(payload.path("timestamp").asText());
      }
      if (payload.has("custom_details")) {
        assertThat(payload.path("custom_details").isObject()).isTrue();
      }
      event.path("links").forEach(link -> assertThat(link.path("href").asText()).startsWith("http"));
    } else {
      assertThat(event.has("payload")).as("acknowledge and resolve carry no payload").isFalse();
    }
  }

  static void assertSlackMessage(JsonNode message) {
    assertThat(message.path("text").asText()).as("fallback text").isNotBlank();
    JsonNode blocks = message.path("blocks");
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks.size()).isBetween(1, 50);
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      assertThat(type).isIn(SLACK_BLOCKS);
      switch (type) {
        case "header" -> {
          assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
          assertThat(block.path("text").path("text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(150);
        }
        case "section" -> {
          assertThat(block.has("text") || block.has("fields")).as("a section has text or fields").isTrue();
          if (block.has("text")) {
            assertTextObject(block.path("text"));
          }
          block.path("fields").forEach(PublishedFormats::assertTextObject);
        }
        case "context" -> {
          assertThat(block.path("elements").size()).isBetween(1, 10);
          block.path("elements").forEach(PublishedFormats::assertTextObject);
        }
        default -> { }
      }
    }
  }

  /** The text of every block, in order, for assertions on what a responder reads. */
  static String slackText(JsonNode message) {
    StringBuilder text = new StringBuilder();
    for (JsonNode block : message.path("blocks")) {
      text.append(block.path("text").path("text").asText());
      block.path("elements").forEach(e -> text.append(e.path("text").asText()));
      text.append('\n');
    }
    return text.toString();
  }

  private static void assertTextObject(JsonNode text) {
    assertThat(text.path("type").asText()).isIn("plain_text", "mrkdwn");
    assertThat(text.path("text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(3000);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
