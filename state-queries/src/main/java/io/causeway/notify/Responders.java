package io.causeway.notify;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.Silence;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What responders said, as read from {@code incident.acks} and {@code notify.silences}: which
 * incidents are acknowledged (the latest {@code capacity} of them) and which silences hold. A
 * silence matches an incident whose first suspect is its service and, when it names one, its fault
 * kind; it holds until its {@code until}, and is forgotten once that has passed.
 */
public final class Responders {

  private final Map<String, IncidentAck> acks;
  private final Map<String, Silence> silences = new HashMap<>();

  public Responders(int capacity) {
    this.acks = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, IncidentAck> eldest) {
        return size() > capacity;
      }
    };
  }

  public void acknowledged(IncidentAck ack) {
    acks.putIfAbsent(ack.getIncidentId(), ack);
  }

  public Optional<IncidentAck> ackOf(String incidentId) {
    return Optional.ofNullable(acks.get(incidentId));
  }

  /** A silence record; {@code null} (a tombstone) lifts silence {@code id}. */
  public void silence(String id, Silence silence) {
    if (silence == null) {
      silences.remove(id);
    } else {
      silences.put(id, silence);
    }
  }

  /** The silence that holds {@code incident} back at {@code now}, if any. */
  public Optional<Silence> silencing(Incident incident, Instant now) {
    silences.values().removeIf(s -> !s.getUntil().isAfter(now));
    if (incident == null || incident.getHypotheses().isEmpty()) {
      return Optional.empty();
    }
    Hypothesis suspect = incident.getHypotheses().get(0);
    return silences.values().stream()
        .filter(s -> s.getService().equals(suspect.getService()))
        .filter(s -> s.getFaultKind() == null || s.getFaultKind() == suspect.getFaultKind())
        .findFirst();
  }
}
