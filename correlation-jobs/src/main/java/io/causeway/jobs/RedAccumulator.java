package io.causeway.jobs;

import io.causeway.core.topology.EdgeStats;

/**
 * Window accumulator: the key's label (edge kind) and its RED figures so far. Serialised by {@link
 * RedAccumulatorSerializer}, both between the pre-aggregation and the window and in window state.
 */
public final class RedAccumulator {

  private String label;
  private EdgeStats stats = new EdgeStats();

  public RedAccumulator() {}

  public RedAccumulator(String label, EdgeStats stats) {
    this.label = label;
    this.stats = stats;
  }

  RedAccumulator add(Measurement m) {
    if (label == null) {
      label = m.label();
    }
    stats.add(m.durationMicros(), m.error());
    return this;
  }

  RedAccumulator merge(RedAccumulator other) {
    if (label == null) {
      label = other.label;
    }
    stats.merge(other.stats);
    return this;
  }

  String label() {
    return label;
  }

  EdgeStats stats() {
    return stats;
  }
}
