package io.causeway.statequeries.store;

import java.nio.charset.StandardCharsets;

/** The RocksDB column families: one per materialised view, plus offsets and metadata. */
public enum View {
  /** {@code caller->callee} → the current {@code DependencyEdge} (tombstones delete). */
  EDGES("edges"),
  /** time, {@code caller->callee} → {@code GraphDelta}; older than retention folds into {@link #GRAPH_BASE}. */
  DELTAS("deltas"),
  /** {@code caller->callee} → the edge as it stood at the graph base time (deltas folded away). */
  GRAPH_BASE("graph_base"),
  /** service, onset, id → {@code Anomaly} (a re-report of the same anomaly overwrites it). */
  ANOMALIES("anomalies"),
  /** id → the latest {@code Incident} snapshot (highest version). */
  INCIDENTS("incidents"),
  /** id, version → every {@code Incident} snapshot. */
  INCIDENT_VERSIONS("incident_versions"),
  /** status group, newest opening first, id → nothing: the incident listing order. */
  INCIDENT_INDEX("incident_index"),
  /** service, time, id → {@code ChangeEvent}. */
  CHANGES("changes"),
  /** incident id, time, service and verdict → {@code Feedback}: what responders said of it. */
  FEEDBACK("feedback"),
  /** fingerprint → {@code IncidentMemory} (tombstones delete). */
  MEMORY("memory"),
  /** topic, partition → the next offset to read, written in the same batch as the data. */
  OFFSETS("offsets"),
  /** small facts about the store, such as the graph base time. */
  META("meta"),
  /** incident id, time, by → {@code IncidentAck} (responders' acknowledgements). */
  ACKS("acks"),
  /** silence id → the latest {@code Silence} (tombstones delete). */
  SILENCES("silences");

  private final String columnFamily;

  View(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  public byte[] columnFamilyName() {
    return columnFamily.getBytes(StandardCharsets.UTF_8);
  }
}
