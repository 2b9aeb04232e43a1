package io.causeway.jobs.topology;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.CallExtractor;
import io.causeway.core.topology.SpanView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the trace join would make of a fragment if it were the first of its trace: the calls it
 * emits at once, in the order it emits them, and the calls the join timeout would emit if no
 * other span came. Worked out in {@link TraceBatcher}, where the spans are still objects, so that
 * the keyed join, for a trace it has not seen (the common case), only passes these on and stores
 * the spans as bytes; it never decodes them. Worked out only for a self-contained fragment: no
 * span repeated, none over the per-trace cap, and every parent named in it (none left waiting);
 * other fragments go through the join span by span, as before.
 *
 * @param calls what the join emits on receiving the fragment, in its order
 * @param atTimeout what the join emits at the trace's timeout if no more spans come
 */
record FreshTraceJoin(List<Call> calls, List<Call> atTimeout) {

  /** The fragment's join if it opens its trace, or null when it is not self-contained. */
  static FreshTraceJoin of(List<SpanView> spans, int maxSpansPerTrace) {
    int size = spans.size();
    if (size > maxSpansPerTrace) {
      return null;
    }
    Map<String, Integer> positions = new HashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      if (positions.putIfAbsent(spans.get(i).spanId(), i) != null) {
        return null;
      }
    }
    int[] parents = new int[size];
    for (int i = 0; i < size; i++) {
      SpanView span = spans.get(i);
      Integer parent = span.hasParent() ? positions.get(span.parentSpanId()) : null;
      if (span.hasParent() && parent == null) {
        return null;
      }
      parents[i] = parent == null ? -1 : parent;
    }
    boolean[] tracedRemotely = new boolean[size];
    List<Call> calls = callsInArrivalOrder(spans, parents, tracedRemotely);
    return new FreshTraceJoin(calls, untracedPeerCalls(spans, tracedRemotely));
  }

  /**
   * As the join meets them: each span first with its parent, if that came before it, then with
   * its children that came before it, in their order. Marks the parents of children in another
   * service.
   */
  private static List<Call> callsInArrivalOrder(List<SpanView> spans, int[] parents, boolean[] tracedRemotely) {
    int size = spans.size();
    List<Call> calls = new ArrayList<>(size);
    Map<Integer, List<Integer>> earlyChildren = null;
    for (int i = 0; i < size; i++) {
      int parent = parents[i];
      if (parent >= 0 && parent < i) {
        join(spans, parent, i, calls, tracedRemotely);
      } else if (parent > i) {
        if (earlyChildren == null) {
          earlyChildren = new HashMap<>();
        }
        earlyChildren.computeIfAbsent(parent, p -> new ArrayList<>(2)).add(i);
      }
      List<Integer> children = earlyChildren == null ? null : earlyChildren.remove(i);
      if (children != null) {
        for (int child : children) {
          join(spans, i, child, calls, tracedRemotely);
        }
      }
    }
    return calls;
  }

  private static void join(List<SpanView> spans, int parent, int child, List<Call> calls, boolean[] tracedRemotely) {
    List<Call> between = CallExtractor.between(spans.get(parent), spans.get(child));
    if (!between.isEmpty()) {
      calls.addAll(between);
      tracedRemotely[parent] = true;
    }
  }

  /** {@link CallExtractor#untracedPeerCalls} for a self-contained fragment, in arrival order. */
  private static List<Call> untracedPeerCalls(List<SpanView> spans, boolean[] tracedRemotely) {
    List<Call> calls = List.of();
    for (int i = 0; i < spans.size(); i++) {
      SpanView span = spans.get(i);
      if (!tracedRemotely[i] && span.isClient() && span.peer() != null) {
        if (calls.isEmpty()) {
          calls = new ArrayList<>(2);
        }
        calls.add(CallExtractor.untracedPeerCall(span));
      }
    }
    return calls;
  }
}
