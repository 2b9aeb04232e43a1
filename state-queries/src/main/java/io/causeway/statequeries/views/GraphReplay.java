package io.causeway.statequeries.views;

import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.GraphDelta;
import java.util.Map;

/**
 * Rolls a graph forward by deltas: ADDED and CHANGED set the edge to its {@code after}, REMOVED
 * deletes it. The same rule as the topology job's {@code GraphHistory}, applied incrementally to
 * a base graph so that history older than the retention can be folded away.
 */
public final class GraphReplay {

  private GraphReplay() {}

  /** Applies one delta to {@code graph} (edge id → edge). */
  public static void apply(Map<String, DependencyEdge> graph, GraphDelta delta) {
    String id = delta.getCaller() + "->" + delta.getCallee();
    if (delta.getChange() == DeltaType.REMOVED) {
      graph.remove(id);
    } else if (delta.getAfter() != null) {
      graph.put(id, delta.getAfter());
    }
  }
}
