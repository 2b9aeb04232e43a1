package io.causeway.jobs.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.OpenIncident;
import io.causeway.core.correlation.ServiceGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Correlates one scope's anomalies (keyed by scope) with its graph and changes into incidents.
 *
 * <p>State, all bounded: the open incident's header and its anomalies (cleared on resolve, at most
 * {@code maxAnomalies}); the graph's edges and recent changes, each entry expiring by TTL after
 * {@code contextRetention} without a refresh (edges are refreshed every window).
 */
public final class CorrelationFunction
    extends KeyedCoProcessFunction<String, Anomaly, Either<DependencyEdge, ChangeEvent>, Incident> {

  private static final long serialVersionUID = 1L;

  private final IncidentLifecycle lifecycle;
  private final Duration contextRetention;
  private final int maxAnomalies;

  private transient ValueState<OpenIncident> incident;
  private transient MapState<String, Anomaly> members;
  private transient MapState<String, DependencyEdge> edges;
  private transient MapState<String, ChangeEvent> changes;
  private transient Counter anomaliesOverCap;

  public CorrelationFunction(IncidentLifecycle lifecycle, Duration contextRetention, int maxAnomalies) {
    this.lifecycle = lifecycle;
    this.contextRetention = contextRetention;
    this.maxAnomalies = maxAnomalies;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(contextRetention).build();
    incident = getRuntimeContext().getState(new ValueStateDescriptor<>("open-incident", TypeInformation.of(OpenIncident.class)));
    members = getRuntimeContext().getMapState(new MapStateDescriptor<>("incident-anomalies", Types.STRING, new AvroTypeInfo<>(Anomaly.class)));
    var edgeDescriptor = new MapStateDescriptor<>("graph-edges", Types.STRING, new AvroTypeInfo<>(DependencyEdge.class));
    edgeDescriptor.enableTimeToLive(ttl);
    edges = getRuntimeContext().getMapState(edgeDescriptor);
    var changeDescriptor = new MapStateDescriptor<>("recent-changes", Types.STRING, new AvroTypeInfo<>(ChangeEvent.class));
    changeDescriptor.enableTimeToLive(ttl);
    changes = getRuntimeContext().getMapState(changeDescriptor);
    anomaliesOverCap = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("anomaliesOverIncidentCap");
  }

  @Override
  public void processElement1(Anomaly anomaly, Context ctx, Collector<Incident> out) throws Exception {
    OpenIncident open = incident.value();
    ServiceGraph graph = graph();
    if (open != null && !lifecycle.joins(open, list(members.values()), anomaly, graph)) {
      resolve(open, Math.max(ctx.timestamp(), open.getLastActivityMillis()), out);
      open = null;
    }
    if (open == null) {
      open = lifecycle.open(ctx.getCurrentKey(), anomaly);
      ctx.timerService().registerEventTimeTimer(lifecycle.announceAt(open));
    }
    if (!members.contains(anomaly.getId()) && size(members) >= maxAnomalies) {
      anomaliesOverCap.inc();
    } else {
      members.put(anomaly.getId(), anomaly);
    }
    lifecycle.recordActivity(open, anomaly);
    ctx.timerService().registerEventTimeTimer(lifecycle.resolveAt(open));
    incident.update(open);
    if (open.isAnnounced()) {
      emit(open, IncidentStatus.UPDATED, ctx.timestamp(), out);
    }
  }

  @Override
  public void processElement2(Either<DependencyEdge, ChangeEvent> context, Context ctx, Collector<Incident> out) throws Exception {
    if (context.isLeft()) {
      DependencyEdge edge = context.left();
      edges.put(edge.getCaller() + "->" + edge.getCallee(), edge);
    } else {
      ChangeEvent change = context.right();
      changes.put(change.getId(), change);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
    OpenIncident open = incident.value();
    if (open == null) {
      return;
    }
    if (timestamp >= lifecycle.resolveAt(open)) {
      resolve(open, timestamp, out);
    } else if (!open.isAnnounced() && timestamp >= lifecycle.announceAt(open)) {
      emit(open, IncidentStatus.OPEN, timestamp, out);
      incident.update(open);
    }
  }

  private void resolve(OpenIncident open, long at, Collector<Incident> out) throws Exception {
    if (open.isAnnounced()) {
      emit(open, IncidentStatus.RESOLVED, at, out);
    }
    incident.clear();
    members.clear();
  }

  private void emit(OpenIncident open, IncidentStatus status, long at, Collector<Incident> out) throws Exception {
    lifecycle.snapshot(open, status, list(members.values()), graph(), list(changes.values()), at).ifPresent(out::collect);
    incident.update(open);
  }

  private ServiceGraph graph() throws Exception {
    ServiceGraph.Builder graph = ServiceGraph.builder();
    for (DependencyEdge edge : edges.values()) {
      graph.edge(edge.getCaller(), edge.getCallee(), edge.getCallsPerSecond());
    }
    return graph.build();
  }

  private static <T> List<T> list(Iterable<T> values) {
    List<T> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }

  private static int size(MapState<String, ?> state) throws Exception {
    int n = 0;
    for (String ignored : state.keys()) {
      n++;
    }
    return n;
  }
}
