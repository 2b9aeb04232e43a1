package io.causeway.statequeries.materialize;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Incident;
import io.causeway.schemas.AvroCodec;
import io.causeway.statequeries.responders.ResponderViews;
import io.causeway.statequeries.store.Keys;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import io.causeway.statequeries.views.GraphReplay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.WriteBatch;

/**
 * Keeps the history views bounded: deltas older than the retention fold into the base graph (so
 * the graph at any retained time can still be rebuilt), and anomalies (by latest report),
 * changes, resolved incidents (with their versions), acks and ended silences older than it are deleted. Current edges
 * and memory are bounded by their compacted topics' tombstones.
 */
public final class Retention {

  /** What one run removed, per view. */
  public record Removed(int deltasFolded, int anomalies, int changes, int incidents, int acksAndSilences) {}

  private final ViewStore store;
  private final Duration retention;
  private final AvroCodec<GraphDelta> deltas = AvroCodec.of(GraphDelta.class);
  private final AvroCodec<DependencyEdge> edges = AvroCodec.of(DependencyEdge.class);
  private final AvroCodec<Anomaly> anomalies = AvroCodec.of(Anomaly.class);
  private final AvroCodec<Incident> incidents = AvroCodec.of(Incident.class);

  public Retention(ViewStore store, Duration retention) {
    this.store = store;
    this.retention = retention;
  }

  public Removed run(Instant now) {
    Instant cutoff = now.minus(retention);
    return new Removed(foldDeltas(cutoff), dropAnomalies(cutoff), dropChanges(cutoff), dropResolvedIncidents(cutoff),
        new ResponderViews(store).dropOlderThan(cutoff));
  }

  private int foldDeltas(Instant cutoff) {
    byte[] storedBase = store.get(View.META, ViewKeys.GRAPH_BASE_TIME);
    if (storedBase != null && ViewKeys.longValue(storedBase) >= cutoff.toEpochMilli()) {
      return 0;
    }
    Map<String, DependencyEdge> touched = new HashMap<>();
    List<byte[]> folded = new ArrayList<>();
    store.scan(View.DELTAS, new byte[0], ViewKeys.deltasFrom(cutoff), (k, v) -> {
      GraphDelta delta = decode(deltas, v);
      String id = ViewKeys.edgeId(delta.getCaller(), delta.getCallee());
      if (!touched.containsKey(id)) {
        byte[] base = store.get(View.GRAPH_BASE, ViewKeys.edge(id));
        touched.put(id, base == null ? null : decode(edges, base));
      }
      Map<String, DependencyEdge> one = new HashMap<>();
      if (touched.get(id) != null) {
        one.put(id, touched.get(id));
      }
      GraphReplay.apply(one, delta);
      touched.put(id, one.get(id));
      folded.add(k);
      return true;
    });
    try (WriteBatch batch = new WriteBatch()) {
      touched.forEach((id, edge) -> {
        if (edge == null) {
          store.delete(batch, View.GRAPH_BASE, ViewKeys.edge(id));
        } else {
          store.put(batch, View.GRAPH_BASE, ViewKeys.edge(id), edges.encode(edge));
        }
      });
      folded.forEach(k -> store.delete(batch, View.DELTAS, k));
      store.put(batch, View.META, ViewKeys.GRAPH_BASE_TIME, ViewKeys.longValue(cutoff.toEpochMilli()));
      store.write(batch);
    }
    return folded.size();
  }

  private int dropAnomalies(Instant cutoff) {
    List<byte[]> old = new ArrayList<>();
    store.scan(View.ANOMALIES, new byte[0], null, (k, v) -> {
      if (decode(anomalies, v).getDetectedAt().isBefore(cutoff)) {
        old.add(k);
      }
      return true;
    });
    deleteAll(View.ANOMALIES, old);
    return old.size();
  }

  private int dropChanges(Instant cutoff) {
    List<byte[]> old = new ArrayList<>();
    store.scan(View.CHANGES, new byte[0], null, (k, v) -> {
      int timeAt = Keys.textAt(k, 0).getBytes(StandardCharsets.UTF_8).length + 1;
      if (Keys.timeAt(k, timeAt).isBefore(cutoff)) {
        old.add(k);
      }
      return true;
    });
    deleteAll(View.CHANGES, old);
    return old.size();
  }

  private int dropResolvedIncidents(Instant cutoff) {
    List<Incident> old = new ArrayList<>();
    store.scanPrefix(View.INCIDENT_INDEX, ViewKeys.incidentGroup(ViewKeys.RESOLVED_GROUP), (k, none) -> {
      byte[] latest = store.get(View.INCIDENTS, ViewKeys.incident(Keys.textAt(k, 1 + Long.BYTES)));
      if (latest != null) {
        Incident incident = decode(incidents, latest);
        Instant resolvedAt = incident.getResolvedAt() == null ? incident.getUpdatedAt() : incident.getResolvedAt();
        if (resolvedAt.isBefore(cutoff)) {
          old.add(incident);
        }
      }
      return true;
    });
    try (WriteBatch batch = new WriteBatch()) {
      for (Incident incident : old) {
        String id = incident.getId().toString();
        store.delete(batch, View.INCIDENT_INDEX, RecordApplier.indexKey(incident));
        store.delete(batch, View.INCIDENTS, ViewKeys.incident(id));
        store.scanPrefix(View.INCIDENT_VERSIONS, ViewKeys.incident(id), (k, v) -> {
          store.delete(batch, View.INCIDENT_VERSIONS, k);
          return true;
        });
        store.scanPrefix(View.FEEDBACK, ViewKeys.incident(id), (k, v) -> {
          store.delete(batch, View.FEEDBACK, k);
          return true;
        });
      }
      store.write(batch);
    }
    return old.size();
  }

  private void deleteAll(View view, List<byte[]> keys) {
    try (WriteBatch batch = new WriteBatch()) {
      keys.forEach(k -> store.delete(batch, view, k));
      store.write(batch);
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (AvroCodec.DecodeException e) {
      throw new IllegalStateException("stored " + codec.type().getSimpleName() + " cannot be read: " + e.getMessage(), e);
    }
  }
}
