package io.causeway.statequeries.query;

import io.causeway.avro.Feedback;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentMemory;
import io.causeway.schemas.AvroCodec;
import io.causeway.statequeries.responders.ResponderViews;
import io.causeway.statequeries.store.Keys;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import io.causeway.statequeries.views.Page;
import io.causeway.statequeries.views.PageCollector;
import io.causeway.statequeries.views.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Incidents (latest snapshot, version history, listings by status) and incident memory. */
public final class IncidentQueries {

  private final ViewStore store;
  private final AvroCodec<Incident> incidents = AvroCodec.of(Incident.class);
  private final AvroCodec<IncidentMemory> memories = AvroCodec.of(IncidentMemory.class);
  private final AvroCodec<Feedback> feedback = AvroCodec.of(Feedback.class);

  public IncidentQueries(ViewStore store) {
    this.store = store;
  }

  /** Newest opening first; with {@code ALL}, open incidents before resolved ones. */
  public Page<IncidentSummary> list(StatusFilter filter, PageRequest request) {
    PageCollector<IncidentSummary> page = new PageCollector<>(request);
    for (byte group : filter.groups()) {
      store.scanPrefix(View.INCIDENT_INDEX, ViewKeys.incidentGroup(group), (key, none) -> {
        String id = Keys.textAt(key, 1 + Long.BYTES);
        page.offer(() -> IncidentSummary.of(latest(id).orElseThrow(
            () -> new IllegalStateException("incident index names " + id + " but no snapshot is stored"))));
        return true;
      });
    }
    return page.page();
  }

  public long countOpen() {
    long[] count = {0};
    store.scanPrefix(View.INCIDENT_INDEX, ViewKeys.incidentGroup(ViewKeys.OPEN_GROUP), (k, v) -> {
      count[0]++;
      return true;
    });
    return count[0];
  }

  public Optional<Incident> latest(String id) {
    byte[] stored = store.get(View.INCIDENTS, ViewKeys.incident(id));
    return stored == null ? Optional.empty() : Optional.of(Decoding.decode(incidents, stored));
  }

  /** Every stored snapshot of the incident, oldest version first. */
  public List<Incident> versions(String id) {
    List<Incident> versions = new ArrayList<>();
    store.scanPrefix(View.INCIDENT_VERSIONS, ViewKeys.incident(id), (k, v) -> {
      versions.add(Decoding.decode(incidents, v));
      return true;
    });
    return versions;
  }

  public Optional<Incident> version(String id, int version) {
    byte[] stored = store.get(View.INCIDENT_VERSIONS, ViewKeys.incidentVersion(id, version));
    return stored == null ? Optional.empty() : Optional.of(Decoding.decode(incidents, stored));
  }

  /** Responders' acknowledgements of the incident, oldest first. */
  public List<IncidentAck> acks(String id) {
    return new ResponderViews(store).acks(id);
  }

  /** What responders said of the incident, oldest first. */
  public List<Feedback> feedback(String id) {
    List<Feedback> received = new ArrayList<>();
    store.scanPrefix(View.FEEDBACK, ViewKeys.incident(id), (k, v) -> {
      received.add(Decoding.decode(feedback, v));
      return true;
    });
    return received;
  }

  public Optional<IncidentMemory> memory(String fingerprint) {
    byte[] stored = store.get(View.MEMORY, ViewKeys.memory(fingerprint));
    return stored == null ? Optional.empty() : Optional.of(Decoding.decode(memories, stored));
  }

  /** Incident memory by fingerprint, in fingerprint order. */
  public Page<IncidentMemory> memories(PageRequest request) {
    PageCollector<IncidentMemory> page = new PageCollector<>(request);
    store.scan(View.MEMORY, new byte[0], null, (k, v) -> {
      page.offer(() -> Decoding.decode(memories, v));
      return true;
    });
    return page.page();
  }
}
