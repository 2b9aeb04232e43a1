package io.causeway.core.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.SignalKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the added latency of a slowed call edge entered. An edge's series belong to its callee,
 * the usual suspect when calls to it slow down. But a delay on one pod's network slows every edge
 * into <em>and out of</em> it, while the callees it calls are slow for it alone: each of them then
 * shows one slowed edge, all from that one caller, and would take the blame for the caller's fault.
 * So an edge latency anomaly {@code A->B} is moved to the caller A when B is slowed for no other
 * caller and its own calls are not slowed (the latency did not pass through B), and A's calls are
 * slowed on several edges (at least {@code minSlowEdges} callees): the latency entered at A, the
 * service at the bottom of the slowed edges. A callee slowed for several callers keeps its edges.
 *
 * <p>Only A's outbound edges count: its callers see A slow whether the latency entered at A or
 * below it, so edges into A say nothing about where. A leaf slowed for its only caller, the one
 * slowed call of that caller, stays charged to the leaf: had the latency entered at the caller, its
 * other calls would be slow too. (Online Boutique's email delay: checkout's caller saw checkout
 * slow, and counting that edge blamed checkout.)
 */
final class EdgeAttribution {

  private static final String ARROW = "->";

  private EdgeAttribution() {}

  /** The anomalies with each edge latency anomaly charged to the service its latency entered at. */
  static List<Anomaly> attribute(Collection<Anomaly> anomalies, int minSlowEdges) {
    Map<String, Set<String>> slowCallers = new HashMap<>();
    Map<String, Set<String>> slowCallees = new HashMap<>();
    for (Anomaly a : anomalies) {
      String[] edge = slowedEdge(a);
      if (edge != null) {
        slowCallers.computeIfAbsent(edge[1], k -> new TreeSet<>()).add(edge[0]);
        slowCallees.computeIfAbsent(edge[0], k -> new TreeSet<>()).add(edge[1]);
      }
    }
    List<Anomaly> attributed = new ArrayList<>(anomalies.size());
    for (Anomaly a : anomalies) {
      String[] edge = slowedEdge(a);
      boolean enteredAtCaller = edge != null
          && slowCallers.get(edge[1]).size() == 1
          && !slowCallees.containsKey(edge[1])
          && slowCallees.get(edge[0]).size() >= minSlowEdges;
      attributed.add(enteredAtCaller ? Anomaly.newBuilder(a).setService(edge[0]).build() : a);
    }
    return attributed;
  }

  /** The caller of a latency anomaly seen on an edge and charged to its callee, else null. */
  static String callerOfSlowedEdge(Anomaly a) {
    String[] edge = slowedEdge(a);
    return edge == null ? null : edge[0];
  }

  /** {caller, callee} of a latency anomaly seen on an edge and charged to its callee, else null. */
  private static String[] slowedEdge(Anomaly a) {
    if (a.getKind() != SignalKind.LATENCY || a.getEdge() == null) {
      return null;
    }
    String[] edge = a.getEdge().toString().split(ARROW, 2);
    return edge.length == 2 && edge[1].equals(a.getService().toString()) && !edge[0].equals(edge[1]) ? edge : null;
  }
}
