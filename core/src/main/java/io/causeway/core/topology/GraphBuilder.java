package io.causeway.core.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the call graph of a finite set of spans with the topology job's own rules ({@link
 * CallExtractor} for the calls, {@link EdgeStats} for their figures): for the {@code graph}
 * command and for checking the job against a dataset. Spans may come in any order.
 */
public final class GraphBuilder {

  private final Map<String, Map<String, SpanView>> traces = new HashMap<>();
  private final Map<String, Edge> edges = new TreeMap<>();
  private long spans;
  private long joined;

  /** One edge and its figures over everything seen. */
  public record Edge(String caller, String callee, String kind, EdgeStats stats) {}

  public GraphBuilder add(SpanView span) {
    spans++;
    Map<String, SpanView> trace = traces.computeIfAbsent(span.traceId(), t -> new HashMap<>());
    List<Call> calls = CallExtractor.onArrival(span, trace);
    joined += calls.size();
    calls.forEach(this::count);
    trace.put(span.spanId(), span);
    return this;
  }

  /** Closes every trace (as the job's join timeout would) and returns the edges by key. */
  public Map<String, Edge> build() {
    for (Map<String, SpanView> trace : traces.values()) {
      CallExtractor.untracedPeerCalls(trace.values()).forEach(this::count);
    }
    traces.clear();
    return new TreeMap<>(edges);
  }

  public long spans() {
    return spans;
  }

  /** Spans that joined a parent in another service, or a child of theirs. */
  public long joinedCalls() {
    return joined;
  }

  /** Spans whose parent never came, over the traces still open. */
  public long orphans() {
    long orphans = 0;
    for (Map<String, SpanView> trace : traces.values()) {
      orphans += CallExtractor.orphans(new ArrayList<>(trace.values()));
    }
    return orphans;
  }

  private void count(Call call) {
    edges.computeIfAbsent(call.edgeKey(), k -> new Edge(call.caller(), call.callee(), call.edgeKind(), new EdgeStats()))
        .stats()
        .add(call.durationMicros(), call.error());
  }
}
