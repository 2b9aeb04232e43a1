package io.causeway.notify.sinks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.notify.Action;
import io.causeway.notify.Notification;
import io.causeway.notify.config.SinkConfig;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a Block Kit message to a Slack incoming webhook: a header with the status and title, the
 * top three causes with their confidence, the first suspect's evidence line, its blast radius and
 * the link to state-queries; {@code text} holds the same in one line for notifications. A channel
 * is not a pager: a later version of an incident is posted only when its first suspect or fault
 * kind changed (the suspects posted last are remembered for {@code capacity} incidents).
 */
public final class SlackSink implements Sink {

  static final int TOP_CAUSES = 3;
  /** Block Kit's limits: a header's text, a section's text. */
  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;

  private final SinkConfig.Slack config;
  private final Duration timeout;
  private final Map<String, String> postedSuspects;

  public SlackSink(SinkConfig.Slack config, Duration timeout, int capacity) {
    this.config = config;
    this.timeout = timeout;
    this.postedSuspects = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return config.type();
  }

  @Override
  public Optional<HttpRequest> request(Notification notification) {
    if (notification.action() == Action.TRIGGER && suspectOf(notification).equals(postedSuspects.get(notification.incidentId()))) {
      return Optional.empty(); // the same story as the message already in the channel
    }
    return Optional.of(Json.post(config.webhookUrl(), Json.bytes(message(notification)), timeout).build());
  }

  @Override
  public void delivered(Notification notification) {
    if (notification.action() == Action.RESOLVE) {
      postedSuspects.remove(notification.incidentId());
    } else if (notification.action() == Action.TRIGGER) {
      postedSuspects.put(notification.incidentId(), suspectOf(notification));
    }
  }

  private static String suspectOf(Notification notification) {
    return notification.firstSuspect().map(h -> h.getService() + "/" + h.getFaultKind()).orElse("");
  }

  /** The message body: {@code text} and {@code blocks}. */
  static ObjectNode message(Notification notification) {
    ObjectNode message = Json.object();
    message.put("text", Json.cut(headline(notification), SECTION_MAX));
    ArrayNode blocks = message.putArray("blocks");
    blocks.add(header(headline(notification)));
    switch (notification.action()) {
      case TRIGGER -> notification.snapshot().ifPresent(incident -> addCauses(blocks, incident));
      case ACKNOWLEDGE -> blocks.add(section(ackLine(notification)));
      case RESOLVE -> notification.snapshot().ifPresent(incident -> blocks.add(section(resolvedLine(incident))));
    }
    if (notification.link() != null) {
      blocks.add(section("<" + notification.link() + "|Open in Causeway> · `" + escape(notification.incidentId()) + "`"));
    }
    return message;
  }

  private static String headline(Notification notification) {
    String status = switch (notification.action()) {
      case TRIGGER -> notification.snapshot().map(i -> i.getStatus().name() + " v" + i.getVersion()).orElse("OPEN");
      case ACKNOWLEDGE -> "ACKNOWLEDGED";
      case RESOLVE -> "RESOLVED";
    };
    return status + ": " + notification.summary();
  }

  private static void addCauses(ArrayNode blocks, Incident incident) {
    List<Hypothesis> top = incident.getHypotheses().subList(0, Math.min(TOP_CAUSES, incident.getHypotheses().size()));
    if (top.isEmpty()) {
      blocks.add(section("*No suspect yet.* " + incident.getSymptoms().size() + " anomalous signals."));
      return;
    }
    StringBuilder causes = new StringBuilder(incident.getNoConfidentCause() ? "*Top causes* (no confident cause)\n" : "*Top causes*\n");
    for (int i = 0; i < top.size(); i++) {
      Hypothesis h = top.get(i);
      causes.append(i + 1).append(". *").append(escape(h.getService())).append("* ")
          .append(h.getFaultKind().name().toLowerCase(Locale.ROOT))
          .append(String.format(Locale.ROOT, " — confidence %.2f", h.getConfidence())).append('\n');
    }
    blocks.add(section(causes.toString().strip()));
    Hypothesis first = top.get(0);
    ObjectNode context = Json.object().put("type", "context");
    context.putArray("elements").add(mrkdwn("Evidence: " + escape(first.getEvidence().getSummary())));
    blocks.add(context);
    blocks.add(section(blastLine(first.getBlastRadius())));
  }

  private static String blastLine(BlastRadius blast) {
    List<String> dependents = blast.getDependents();
    String who = dependents.isEmpty() ? "no dependents" : dependents.size() + " dependents: " + escape(String.join(", ", dependents.subList(0, Math.min(10, dependents.size()))))
        + (dependents.size() > 10 ? ", …" : "");
    return String.format(Locale.ROOT, "*Blast radius*: %s; %.0f%% of entry traffic reaches the suspect", who, blast.getEntryTrafficShare() * 100);
  }

  private static String ackLine(Notification notification) {
    if (notification.ack() == null) {
      return "Acknowledged.";
    }
    String note = notification.ack().getNote();
    return "Acknowledged by *" + escape(notification.ack().getBy()) + "*" + (note == null || note.isBlank() ? "" : ": " + escape(note));
  }

  private static String resolvedLine(Incident incident) {
    if (incident.getResolvedAt() == null) {
      return "Resolved.";
    }
    long minutes = Duration.between(incident.getOpenedAt(), incident.getResolvedAt()).toMinutes();
    return "Resolved at " + incident.getResolvedAt() + ", " + minutes + " min after it opened.";
  }

  private static ObjectNode header(String text) {
    ObjectNode header = Json.object().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", Json.cut(text, HEADER_MAX));
    return header;
  }

  private static ObjectNode section(String markdown) {
    ObjectNode section = Json.object().put("type", "section");
    section.set("text", mrkdwn(markdown));
    return section;
  }

  private static ObjectNode mrkdwn(String text) {
    return Json.object().put("type", "mrkdwn").put("text", Json.cut(text, SECTION_MAX));
  }

  /** Slack's three control characters in message text. */
  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
