package io.causeway.statequeries.views;

import io.causeway.avro.DependencyEdge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dependency graph as the API answers it: nodes (sorted by id) and edges (sorted by id). */
public record Graph(List<NodeView> nodes, List<EdgeView> edges) {

  public static Graph of(Collection<DependencyEdge> edges) {
    List<EdgeView> views = new ArrayList<>(edges.stream().map(EdgeView::of).toList());
    views.sort(Comparator.comparing(EdgeView::id));
    Map<String, NodeTally> tallies = new TreeMap<>();
    for (EdgeView edge : views) {
      tallies.computeIfAbsent(edge.caller(), k -> new NodeTally()).dependencies++;
      NodeTally callee = tallies.computeIfAbsent(edge.callee(), k -> new NodeTally());
      callee.dependents++;
      callee.callsPerSecond += edge.callsPerSecond();
      callee.calls += edge.calls();
      callee.errors += edge.errors();
    }
    List<NodeView> nodes = new ArrayList<>();
    tallies.forEach((id, t) -> nodes.add(new NodeView(id, id, t.dependencies, t.dependents, t.callsPerSecond,
        t.calls == 0 ? 0.0 : (double) t.errors / t.calls)));
    return new Graph(List.copyOf(nodes), List.copyOf(views));
  }

  private static final class NodeTally {
    int dependencies;
    int dependents;
    double callsPerSecond;
    long calls;
    long errors;
  }
}
