package io.causeway.notify.sinks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.notify.Action;
import io.causeway.notify.Notification;
import io.causeway.notify.config.SinkConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Posts incidents as alerts to Alertmanager's API v2 ({@code POST /api/v2/alerts}), so its
 * routing, grouping, inhibition and silences apply. An alert is identified by its labels:
 * {@code alertname=CausewayIncident}, {@code incident}, the first suspect's {@code service} and
 * {@code fault_kind}, {@code severity}, plus the configured ones; they are fixed at the first post
 * of an incident, so later versions update the same alert (annotations carry what changed).
 *
 * <p>Alertmanager resolves an alert whose {@code endsAt} has passed. Like Prometheus, the sink
 * posts every active alert again every {@code repost-every} with {@code endsAt} {@code hold-for}
 * ahead; RESOLVED posts it once more with {@code endsAt} at the resolution. The active alerts are
 * held in memory (at most {@code capacity}, the oldest dropped beyond it, which then lapse).
 */
public final class AlertmanagerSink implements Sink {

  public static final String ALERTNAME = "CausewayIncident";

  private final SinkConfig.Alertmanager config;
  private final Duration timeout;
  private final URI alertsUri;
  private final Map<String, ActiveAlert> active;
  private Instant nextRepost = Instant.MIN;

  /** An alert Alertmanager holds: its fixed labels and what its annotations describe. */
  private record ActiveAlert(Map<String, String> labels, Notification latest) {}

  public AlertmanagerSink(SinkConfig.Alertmanager config, Duration timeout, int capacity) {
    this.config = config;
    this.timeout = timeout;
    this.alertsUri = URI.create(config.url().toString().replaceAll("/+$", "") + "/api/v2/alerts");
    this.active = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ActiveAlert> eldest) {
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
    ActiveAlert known = active.get(notification.incidentId());
    if (notification.action() == Action.ACKNOWLEDGE && known == null) {
      return Optional.empty(); // posting it now would page for an incident somebody already took
    }
    Notification described = notification.incident() != null ? notification : notification.about(known.latest().incident());
    Map<String, String> labels = known != null ? known.labels() : labelsOf(described);
    ArrayNode alerts = Json.array();
    alerts.add(alert(labels, described, endsAt(described)));
    return Optional.of(Json.post(alertsUri, Json.bytes(alerts), timeout).build());
  }

  @Override
  public void delivered(Notification notification) {
    if (notification.action() == Action.RESOLVE) {
      active.remove(notification.incidentId());
      return;
    }
    ActiveAlert known = active.get(notification.incidentId());
    Notification latest = notification.incident() != null ? notification : notification.about(known.latest().incident());
    active.put(notification.incidentId(), new ActiveAlert(known != null ? known.labels() : labelsOf(latest), latest));
  }

  /**
   * The re-post of every active alert not {@code silenced}, when one is due at {@code now}; the
   * next is due {@code repost-every} later.
   */
  public Optional<HttpRequest> repost(Instant now, Predicate<Incident> silenced) {
    if (now.isBefore(nextRepost)) {
      return Optional.empty();
    }
    nextRepost = now.plus(config.repostEvery());
    ArrayNode alerts = Json.array();
    for (ActiveAlert alert : active.values()) {
      if (!silenced.test(alert.latest().incident())) {
        alerts.add(alert(alert.labels(), alert.latest(), now.plus(config.holdFor())));
      }
    }
    return alerts.isEmpty() ? Optional.empty() : Optional.of(Json.post(alertsUri, Json.bytes(alerts), timeout).build());
  }

  private Instant endsAt(Notification notification) {
    if (notification.action() == Action.RESOLVE) {
      Incident incident = notification.incident();
      return incident.getResolvedAt() != null ? incident.getResolvedAt() : notification.now();
    }
    return notification.now().plus(config.holdFor());
  }

  private Map<String, String> labelsOf(Notification notification) {
    Map<String, String> labels = new LinkedHashMap<>(config.labels());
    labels.put("alertname", ALERTNAME);
    labels.put("incident", notification.incidentId());
    Optional<Hypothesis> suspect = notification.firstSuspect();
    labels.put("service", suspect.map(Hypothesis::getService).orElse("unknown"));
    labels.put("fault_kind", suspect.map(h -> h.getFaultKind().name().toLowerCase(Locale.ROOT)).orElse("unknown"));
    labels.put("severity", notification.severity());
    return labels;
  }

  private static ObjectNode alert(Map<String, String> labels, Notification notification, Instant endsAt) {
    ObjectNode alert = Json.object();
    ObjectNode labelNode = alert.putObject("labels");
    labels.forEach(labelNode::put);
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", notification.summary());
    notification.firstSuspect().ifPresent(h -> annotations.put("description", h.getEvidence().getSummary()));
    annotations.put("version", String.valueOf(notification.incident().getVersion()));
    if (notification.ack() != null) {
      annotations.put("acknowledged_by", notification.ack().getBy());
    }
    if (notification.link() != null) {
      annotations.put("causeway_url", notification.link().toString());
      alert.put("generatorURL", notification.link().toString());
    }
    alert.put("startsAt", notification.incident().getOpenedAt().toString());
    alert.put("endsAt", endsAt.toString());
    return alert;
  }
}
