package io.causeway.jobs;

import io.causeway.core.topology.EdgeStats;

/** Window accumulator: the key's label (edge kind) and its RED figures so far. */
public final class RedAccumulator {

  private String label;
  private EdgeStats stats = new EdgeStats();

  public RedAccumulator() {}

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
