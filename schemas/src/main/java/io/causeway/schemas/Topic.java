package io.causeway.schemas;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Silence;
import io.causeway.avro.Span;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic contract (DESIGN.md section 3): default name, value type, partitions and cleanup
 * policy of every Avro topic. Names are defaults; deployments may rename any of them.
 */
public enum Topic {
  METRICS("telemetry.metrics", MetricPoint.class, 4, false),
  LOGS("telemetry.logs", LogRecord.class, 4, false),
  SPANS("telemetry.spans", Span.class, 4, false),
  CHANGES("telemetry.changes", ChangeEvent.class, 1, false),
  EDGES("topology.edges", DependencyEdge.class, 2, true),
  DELTAS("topology.deltas", GraphDelta.class, 2, false),
  ANOMALIES("anomalies", Anomaly.class, 2, false),
  INCIDENTS("incidents", Incident.class, 2, false),
  FEEDBACK("incident.feedback", Feedback.class, 1, false),
  MEMORY("memory.incidents", IncidentMemory.class, 1, true),
  DEADLETTER("deadletter", DeadLetter.class, 1, false),
  ACKS("incident.acks", IncidentAck.class, 1, false),
  SILENCES("notify.silences", Silence.class, 1, true);

  private final String defaultName;
  private final Class<? extends SpecificRecord> valueType;
  private final int defaultPartitions;
  private final boolean compacted;

  Topic(
      String defaultName,
      Class<? extends SpecificRecord> valueType,
      int defaultPartitions,
      boolean compacted) {
    this.defaultName = defaultName;
    this.valueType = valueType;
    this.defaultPartitions = defaultPartitions;
    this.compacted = compacted;
  }

  public String defaultName() {
    return defaultName;
  }

  public Class<? extends SpecificRecord> valueType() {
    return valueType;
  }

  public int defaultPartitions() {
    return defaultPartitions;
  }

  /** Compacted topics keep the latest value per key; a null value (tombstone) deletes a key. */
  public boolean compacted() {
    return compacted;
  }
}
