package io.causeway.core.topology;

import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.GraphDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the graph at a past time from the history on {@code topology.deltas}: ADDED and
 * CHANGED deltas set an edge to their {@code after}, REMOVED deltas delete it. Answers "what did
 * the graph look like when this began, and what changed in it since".
 */
public final class GraphHistory {

  private final List<GraphDelta> deltas;

  public GraphHistory(Collection<GraphDelta> deltas) {
    this.deltas = new ArrayList<>(deltas);
    this.deltas.sort(Comparator.comparing(GraphDelta::getTime));
  }

  /** The edges as they stood at {@code at} (deltas at exactly {@code at} included), by key. */
  public Map<String, DependencyEdge> at(Instant at) {
    Map<String, DependencyEdge> graph = new TreeMap<>();
    for (GraphDelta delta : deltas) {
      if (delta.getTime().isAfter(at)) {
        break;
      }
      String key = delta.getCaller() + "->" + delta.getCallee();
      if (delta.getChange() == DeltaType.REMOVED) {
        graph.remove(key);
      } else if (delta.getAfter() != null) {
        graph.put(key, delta.getAfter());
      }
    }
    return graph;
  }

  /** The deltas in {@code (from, to]}, oldest first. */
  public List<GraphDelta> between(Instant from, Instant to) {
    return deltas.stream().filter(d -> d.getTime().isAfter(from) && !d.getTime().isAfter(to)).toList();
  }
}
