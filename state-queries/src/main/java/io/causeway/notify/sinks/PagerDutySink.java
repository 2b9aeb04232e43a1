package io.causeway.notify.sinks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.notify.Action;
import io.causeway.notify.Notification;
import io.causeway.notify.config.SinkConfig;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): {@code trigger} with the required {@code
 * payload} (summary, source, severity) and the first suspect as component, {@code acknowledge} and
 * {@code resolve} with only the routing key and {@code dedup_key}, which is the incident id, so
 * every version of one incident is one PagerDuty alert.
 */
public final class PagerDutySink implements Sink {

  /** PagerDuty refuses a summary longer than this. */
  static final int SUMMARY_MAX = 1024;

  private final SinkConfig.PagerDuty config;
  private final Duration timeout;

  public PagerDutySink(SinkConfig.PagerDuty config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
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
    return Optional.of(Json.post(config.url(), Json.bytes(event(notification)), timeout).build());
  }

  ObjectNode event(Notification notification) {
    ObjectNode event = Json.object();
    event.put("routing_key", config.routingKey());
    event.put("event_action", notification.action().wire());
    event.put("dedup_key", notification.incidentId());
    if (notification.action() == Action.TRIGGER && notification.incident() != null) {
      event.set("payload", payload(notification, notification.incident()));
      event.put("client", "Causeway");
      if (notification.link() != null) {
        event.put("client_url", notification.link().toString());
        event.putArray("links").addObject().put("href", notification.link().toString()).put("text", "Incident in Causeway");
      }
    }
    return event;
  }

  private ObjectNode payload(Notification notification, Incident incident) {
    ObjectNode payload = Json.object();
    payload.put("summary", Json.cut(incident.getTitle(), SUMMARY_MAX));
    payload.put("source", config.source());
    payload.put("severity", notification.severity());
    payload.put("timestamp", incident.getOnset().toString());
    notification.firstSuspect().ifPresent(h -> {
      payload.put("component", h.getService());
      payload.put("class", h.getFaultKind().name().toLowerCase(Locale.ROOT));
    });
    ObjectNode details = payload.putObject("custom_details");
    details.put("version", incident.getVersion());
    details.put("status", incident.getStatus().name());
    var causes = details.putArray("top_causes");
    incident.getHypotheses().stream().limit(SlackSink.TOP_CAUSES).forEach(h -> causes.add(cause(h)));
    notification.firstSuspect().ifPresent(h -> {
      details.put("evidence", h.getEvidence().getSummary());
      details.put("blast_radius_dependents", h.getBlastRadius().getDependents().size());
      details.put("blast_radius_entry_traffic_share", h.getBlastRadius().getEntryTrafficShare());
    });
    return payload;
  }

  private static String cause(Hypothesis h) {
    return String.format(Locale.ROOT, "%s %s (confidence %.2f)", h.getService(), h.getFaultKind().name().toLowerCase(Locale.ROOT), h.getConfidence());
  }
}
