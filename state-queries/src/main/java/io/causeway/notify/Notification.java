package io.causeway.notify;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One thing to tell the sinks about one incident: its latest snapshot when there is one (an
 * acknowledgement read from {@code incident.acks} comes without, but with the title last seen),
 * the ack when it is about one, and the link to the incident in state-queries when configured.
 */
public record Notification(String incidentId, Action action, Incident incident, String title, IncidentAck ack, URI link, Instant now) {

  public static Notification ofIncident(Incident incident, Action action, IncidentAck ack, URI stateQueries, Instant now) {
    return new Notification(incident.getId(), action, incident, incident.getTitle(), ack, linkOf(stateQueries, incident.getId()), now);
  }

  /** An acknowledgement; {@code title} is the incident's last seen title, or null. */
  public static Notification ofAck(IncidentAck ack, String title, URI stateQueries, Instant now) {
    return new Notification(ack.getIncidentId(), Action.ACKNOWLEDGE, null, title, ack, linkOf(stateQueries, ack.getIncidentId()), now);
  }

  /** The same notification about {@code snapshot}, an earlier snapshot of the same incident. */
  public Notification about(Incident snapshot) {
    return new Notification(incidentId, action, snapshot, snapshot.getTitle(), ack, link, now);
  }

  public Optional<Incident> snapshot() {
    return Optional.ofNullable(incident);
  }

  /** The first suspect, when the snapshot names one. */
  public Optional<Hypothesis> firstSuspect() {
    return snapshot().filter(i -> !i.getHypotheses().isEmpty()).map(i -> i.getHypotheses().get(0));
  }

  /** {@code critical} for an incident with a confident cause, else {@code warning} (PagerDuty's and Alertmanager's usual words). */
  public String severity() {
    return snapshot().map(i -> i.getNoConfidentCause() ? "warning" : "critical").orElse("critical");
  }

  /** A one-line summary: the title, else the id. */
  public String summary() {
    return title != null ? title : "incident " + incidentId;
  }

  private static URI linkOf(URI stateQueries, String id) {
    if (stateQueries == null) {
      return null;
    }
    String base = stateQueries.toString().replaceAll("/+$", "");
    return URI.create(base + "/api/incidents/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
  }
}
