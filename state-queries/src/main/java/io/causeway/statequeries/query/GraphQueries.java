package io.causeway.statequeries.query;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.GraphDelta;
import io.causeway.schemas.AvroCodec;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import io.causeway.statequeries.views.Graph;
import io.causeway.statequeries.views.GraphDiff;
import io.causeway.statequeries.views.GraphReplay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The graph now (from {@code topology.edges}) and at past times (base graph + deltas). */
public final class GraphQueries {

  private final ViewStore store;
  private final AvroCodec<DependencyEdge> edges = AvroCodec.of(DependencyEdge.class);
  private final AvroCodec<GraphDelta> deltas = AvroCodec.of(GraphDelta.class);

  public GraphQueries(ViewStore store) {
    this.store = store;
  }

  public List<DependencyEdge> currentEdges() {
    List<DependencyEdge> current = new ArrayList<>();
    store.scan(View.EDGES, new byte[0], null, (k, v) -> {
      current.add(Decoding.decode(edges, v));
      return true;
    });
    return current;
  }

  public Graph current() {
    return Graph.of(currentEdges());
  }

  public Graph at(Instant at) {
    return Graph.of(edgesAt(at).values());
  }

  /** The graph at {@code from} and at {@code to} and what happened between; {@code from <= to}. */
  public GraphDiff diff(Instant from, Instant to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to");
    }
    Map<String, DependencyEdge> graph = base(from);
    AtomicReference<Map<String, DependencyEdge>> atFrom = new AtomicReference<>();
    List<GraphDelta> between = new ArrayList<>();
    replay(graph, to, delta -> {
      if (atFrom.get() == null && delta.getTime().isAfter(from)) {
        atFrom.set(new HashMap<>(graph));
      }
      if (atFrom.get() != null) {
        between.add(delta);
      }
    });
    Map<String, DependencyEdge> fromGraph = atFrom.get() == null ? graph : atFrom.get();
    return GraphDiff.of(from.toString(), to.toString(), fromGraph, graph, between);
  }

  Map<String, DependencyEdge> edgesAt(Instant at) {
    Map<String, DependencyEdge> graph = base(at);
    replay(graph, at, delta -> {});
    return graph;
  }

  /** The time before which history was folded into the base graph, if any was. */
  public Optional<Instant> baseTime() {
    byte[] stored = store.get(View.META, ViewKeys.GRAPH_BASE_TIME);
    return stored == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ViewKeys.longValue(stored)));
  }

  private Map<String, DependencyEdge> base(Instant at) {
    Optional<Instant> baseTime = baseTime();
    if (baseTime.isPresent() && at.isBefore(baseTime.get())) {
      throw new OutOfRangeException("graph history is kept from " + baseTime.get() + " on; " + at + " is older");
    }
    Map<String, DependencyEdge> graph = new HashMap<>();
    store.scan(View.GRAPH_BASE, new byte[0], null, (k, v) -> {
      DependencyEdge edge = Decoding.decode(edges, v);
      graph.put(ViewKeys.edgeId(edge.getCaller(), edge.getCallee()), edge);
      return true;
    });
    return graph;
  }

  /** Applies the stored deltas up to and including {@code until}, oldest first, telling {@code seen} before each. */
  private void replay(Map<String, DependencyEdge> graph, Instant until, java.util.function.Consumer<GraphDelta> seen) {
    byte[] end = ViewKeys.deltasFrom(until.plusMillis(1));
    store.scan(View.DELTAS, new byte[0], end, (k, v) -> {
      GraphDelta delta = Decoding.decode(deltas, v);
      seen.accept(delta);
      GraphReplay.apply(graph, delta);
      return true;
    });
  }
}
