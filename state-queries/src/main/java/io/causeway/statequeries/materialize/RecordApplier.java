package io.causeway.statequeries.materialize;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeltaType;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Silence;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.responders.ResponderViews;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.rocksdb.WriteBatchWithIndex;

/**
 * Applies one record of an output topic to the views, inside the caller's batch. Records are
 * stored as their original single-object-encoded bytes; keys are derived from content, so
 * reading a record twice overwrites rather than duplicates. A record that cannot be applied is
 * rejected with a stable reason and changes nothing.
 */
public final class RecordApplier {

  private final ViewStore store;
  private final AvroCodec<DependencyEdge> edges = AvroCodec.of(DependencyEdge.class);
  private final AvroCodec<GraphDelta> deltas = AvroCodec.of(GraphDelta.class);
  private final AvroCodec<Anomaly> anomalies = AvroCodec.of(Anomaly.class);
  private final AvroCodec<Incident> incidents = AvroCodec.of(Incident.class);
  private final AvroCodec<ChangeEvent> changes = AvroCodec.of(ChangeEvent.class);
  private final AvroCodec<IncidentMemory> memories = AvroCodec.of(IncidentMemory.class);
  private final AvroCodec<IncidentAck> acks = AvroCodec.of(IncidentAck.class);
  private final AvroCodec<Silence> silences = AvroCodec.of(Silence.class);
  private final ResponderViews responders;
  private final AvroCodec<Feedback> feedback = AvroCodec.of(Feedback.class);

  public RecordApplier(ViewStore store) {
    this.store = store;
    this.responders = new ResponderViews(store);
  }

  /** Why a record was not applied: a stable reason code and a message. */
  public static final class Rejected extends Exception {
    private final String reason;

    Rejected(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public void apply(Topic topic, byte[] key, byte[] value, WriteBatchWithIndex batch) throws Rejected {
    if (value == null) {
      applyTombstone(topic, key, batch);
      return;
    }
    switch (topic) {
      case EDGES -> applyEdge(decode(edges, value), value, batch);
      case DELTAS -> applyDelta(decode(deltas, value), value, batch);
      case ANOMALIES -> applyAnomaly(decode(anomalies, value), value, batch);
      case INCIDENTS -> applyIncident(decode(incidents, value), value, batch);
      case CHANGES -> applyChange(decode(changes, value), value, batch);
      case MEMORY -> applyMemory(decode(memories, value), value, batch);
      case ACKS -> responders.putAck(decode(acks, value), value, batch);
      case SILENCES -> responders.putSilence(decode(silences, value), value, batch);
      case FEEDBACK -> applyFeedback(decode(feedback, value), value, batch);
      default -> throw new IllegalArgumentException("state-queries does not read " + topic);
    }
  }

  private void applyTombstone(Topic topic, byte[] key, WriteBatchWithIndex batch) throws Rejected {
    if (!topic.compacted()) {
      throw new Rejected("null-payload", "null-payload: record has no value on a topic that is not compacted");
    }
    if (key == null) {
      throw new Rejected("no-key", "no-key: tombstone without a key");
    }
    String id = new String(key, StandardCharsets.UTF_8);
    if (topic == Topic.EDGES) {
      store.delete(batch, View.EDGES, ViewKeys.edge(id));
    } else if (topic == Topic.SILENCES) {
      responders.deleteSilence(id, batch);
    } else {
      store.delete(batch, View.MEMORY, ViewKeys.memory(id));
    }
  }

  private void applyEdge(DependencyEdge edge, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.EDGES, ViewKeys.edge(ViewKeys.edgeId(edge.getCaller(), edge.getCallee())), value);
  }

  /** A delta older than the graph base (history already folded) goes straight into the base. */
  private void applyDelta(GraphDelta delta, byte[] value, WriteBatchWithIndex batch) {
    String edgeId = ViewKeys.edgeId(delta.getCaller(), delta.getCallee());
    byte[] baseTime = store.get(View.META, ViewKeys.GRAPH_BASE_TIME, batch);
    if (baseTime != null && delta.getTime().toEpochMilli() < ViewKeys.longValue(baseTime)) {
      if (delta.getChange() == DeltaType.REMOVED || delta.getAfter() == null) {
        store.delete(batch, View.GRAPH_BASE, ViewKeys.edge(edgeId));
      } else {
        store.put(batch, View.GRAPH_BASE, ViewKeys.edge(edgeId), edges.encode(delta.getAfter()));
      }
      return;
    }
    store.put(batch, View.DELTAS, ViewKeys.delta(delta.getTime(), edgeId), value);
  }

  private void applyAnomaly(Anomaly anomaly, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.ANOMALIES,
        ViewKeys.anomaly(anomaly.getService().toString(), anomaly.getOnset(), anomaly.getId().toString()), value);
  }

  private void applyChange(ChangeEvent change, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.CHANGES,
        ViewKeys.change(change.getService().toString(), change.getTimestamp(), change.getId().toString()), value);
  }

  private void applyFeedback(Feedback verdict, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.FEEDBACK, ViewKeys.feedback(verdict.getIncidentId(), verdict.getTime(),
        String.valueOf(verdict.getService()), verdict.getVerdict().name(), verdict.getAuthor()), value);
  }

  private void applyMemory(IncidentMemory memory, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.MEMORY, ViewKeys.memory(memory.getFingerprint().toString()), value);
  }

  /**
   * Every snapshot joins the version history; the latest view and the listing index move only
   * when the version is not older than the stored one (snapshots of one id may arrive late).
   */
  private void applyIncident(Incident incident, byte[] value, WriteBatchWithIndex batch) throws Rejected {
    String id = incident.getId().toString();
    store.put(batch, View.INCIDENT_VERSIONS, ViewKeys.incidentVersion(id, incident.getVersion()), value);
    byte[] storedBytes = store.get(View.INCIDENTS, ViewKeys.incident(id), batch);
    if (storedBytes != null) {
      Incident stored = decode(incidents, storedBytes);
      if (stored.getVersion() > incident.getVersion()) {
        return;
      }
      store.delete(batch, View.INCIDENT_INDEX, indexKey(stored));
    }
    store.put(batch, View.INCIDENTS, ViewKeys.incident(id), value);
    store.put(batch, View.INCIDENT_INDEX, indexKey(incident), new byte[0]);
  }

  public static byte[] indexKey(Incident incident) {
    return ViewKeys.incidentIndex(groupOf(incident.getStatus()), incident.getOpenedAt(), incident.getId().toString());
  }

  public static byte groupOf(IncidentStatus status) {
    return status == IncidentStatus.RESOLVED ? ViewKeys.RESOLVED_GROUP : ViewKeys.OPEN_GROUP;
  }

  private static <T extends SpecificRecord> T decode(AvroCodec<T> codec, byte[] value) throws Rejected {
    try {
      return codec.decode(value);
    } catch (AvroCodec.DecodeException e) {
      throw new Rejected(e.reason(), e.getMessage());
    } catch (UnsupportedOperationException e) {
      // Avro's limit check on a corrupt length escapes AvroCodec.
      throw new Rejected("malformed", "malformed: " + e.getMessage());
    }
  }
}
