package io.causeway.statequeries.views;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.GraphDelta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the graph changed between two times: edges present only at {@code to} (added), only at
 * {@code from} (removed), and edges present at both with at least one delta in between (changed,
 * with the edge at both ends and the reasons the deltas gave).
 */
public record GraphDiff(String from, String to, int deltas, List<EdgeView> added, List<EdgeView> removed, List<Changed> changed) {

  /** An edge present at both ends whose figures moved in between. */
  public record Changed(String id, String caller, String callee, EdgeView before, EdgeView after, List<String> reasons) {}

  /**
   * @param atFrom the graph at {@code from}
   * @param atTo the graph at {@code to}
   * @param between the deltas in {@code (from, to]}, oldest first
   */
  public static GraphDiff of(String from, String to, Map<String, DependencyEdge> atFrom, Map<String, DependencyEdge> atTo,
      Collection<GraphDelta> between) {
    List<EdgeView> added = new ArrayList<>();
    List<EdgeView> removed = new ArrayList<>();
    new TreeMap<>(atTo).forEach((id, edge) -> {
      if (!atFrom.containsKey(id)) {
        added.add(EdgeView.of(edge));
      }
    });
    new TreeMap<>(atFrom).forEach((id, edge) -> {
      if (!atTo.containsKey(id)) {
        removed.add(EdgeView.of(edge));
      }
    });
    Map<String, List<String>> reasons = new TreeMap<>();
    for (GraphDelta delta : between) {
      String id = delta.getCaller() + "->" + delta.getCallee();
      if (atFrom.containsKey(id) && atTo.containsKey(id)) {
        List<String> list = reasons.computeIfAbsent(id, k -> new ArrayList<>());
        list.add(delta.getReason() == null ? delta.getChange().name() : delta.getReason().toString());
      }
    }
    List<Changed> changed = new ArrayList<>();
    reasons.forEach((id, why) -> {
      EdgeView before = EdgeView.of(atFrom.get(id));
      changed.add(new Changed(id, before.caller(), before.callee(), before, EdgeView.of(atTo.get(id)),
          why.stream().distinct().toList()));
    });
    return new GraphDiff(from, to, between.size(), List.copyOf(added), List.copyOf(removed), List.copyOf(changed));
  }
}
