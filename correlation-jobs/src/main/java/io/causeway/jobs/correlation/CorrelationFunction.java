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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Correlates one scope's anomalies (keyed by scope) with its graph and changes into incidents.
 * Several incidents may be open at once: an anomaly joins the open incident it is connected to
 * (the most recently active one if several), or starts its own.
 *
 * <p>State, all bounded: the open incidents' headers (at most {@code maxOpenIncidents}; beyond
 * that the least recently active one is resolved) and their anomalies (at most {@code
 * maxAnomalies} per incident, cleared on resolve); the graph's edges and recent changes, each
 * entry expiring by TTL after {@code contextRetention} without a refresh (edges are refreshed
 * every window); and the ids of anomalies whose incident resolved, for as long, so that a
 * detector's reminder of a symptom that persists does not open the same incident again.
 *
 * <p>Anomalies on supporting signals (client-side, generic resources, weak log-path shifts; see
 * {@link IncidentLifecycle#opensIncident}) join incidents but open none; they are counted in
 * {@code supportingAnomaliesWithoutIncident}.
 */
public final class CorrelationFunction
    extends KeyedCoProcessFunction<String, Anomaly, Either<DependencyEdge, ChangeEvent>, Incident> {

  private static final long serialVersionUID = 1L;
  static final int MAX_OPEN_INCIDENTS = 64;

  private final IncidentLifecycle lifecycle;
  private final Duration contextRetention;
  private final int maxAnomalies;

  private transient MapState<String, OpenIncident> incidents;
  private transient MapState<String, Anomaly> members;
  private transient MapState<String, String> membership;
  private transient MapState<String, DependencyEdge> edges;
  private transient MapState<String, ChangeEvent> changes;
  private transient MapState<String, Boolean> settled;
  private transient Counter anomaliesOverCap;
  private transient Counter supportingAlone;

  public CorrelationFunction(IncidentLifecycle lifecycle, Duration contextRetention, int maxAnomalies) {
    this.lifecycle = lifecycle;
    this.contextRetention = contextRetention;
    this.maxAnomalies = maxAnomalies;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(contextRetention).build();
    incidents = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-incidents", Types.STRING, TypeInformation.of(OpenIncident.class)));
    members = getRuntimeContext().getMapState(new MapStateDescriptor<>("incident-anomalies", Types.STRING, new AvroTypeInfo<>(Anomaly.class)));
    membership = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomaly-incident", Types.STRING, Types.STRING));
    var edgeDescriptor = new MapStateDescriptor<>("graph-edges", Types.STRING, new AvroTypeInfo<>(DependencyEdge.class));
    edgeDescriptor.enableTimeToLive(ttl);
    edges = getRuntimeContext().getMapState(edgeDescriptor);
    var changeDescriptor = new MapStateDescriptor<>("recent-changes", Types.STRING, new AvroTypeInfo<>(ChangeEvent.class));
    changeDescriptor.enableTimeToLive(ttl);
    changes = getRuntimeContext().getMapState(changeDescriptor);
    var settledDescriptor = new MapStateDescriptor<>("settled-anomalies", Types.STRING, Types.BOOLEAN);
    settledDescriptor.enableTimeToLive(ttl);
    settled = getRuntimeContext().getMapState(settledDescriptor);
    anomaliesOverCap = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("anomaliesOverIncidentCap");
    supportingAlone = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("supportingAnomaliesWithoutIncident");
  }

  @Override
  public void processElement1(Anomaly anomaly, Context ctx, Collector<Incident> out) throws Exception {
    OpenIncident incident = incidentFor(anomaly, ctx, out);
    if (incident == null) {
      supportingAlone.inc();
      return;
    }
    if (!membership.contains(anomaly.getId()) && membersOf(incident.getId()).size() >= maxAnomalies) {
      anomaliesOverCap.inc();
    } else {
      members.put(anomaly.getId(), anomaly);
      membership.put(anomaly.getId(), incident.getId());
    }
    lifecycle.recordActivity(incident, anomaly);
    ctx.timerService().registerEventTimeTimer(lifecycle.resolveAt(incident));
    incidents.put(incident.getId(), incident);
    if (incident.isAnnounced()) {
      emit(incident, IncidentStatus.UPDATED, ctx.timestamp(), out);
    } else if (ctx.timerService().currentWatermark() >= lifecycle.announceAt(incident)) {
      // A late anomaly (a slower detector's, behind event time): its incident is due already, and
      // the timer would wait for event time to move again, which at the end of a stream it may not.
      emit(incident, IncidentStatus.OPEN, lifecycle.announceAt(incident), out);
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
    for (OpenIncident incident : list(incidents.values())) {
      if (timestamp >= lifecycle.resolveAt(incident)) {
        resolve(incident, timestamp, out);
      } else if (!incident.isAnnounced() && timestamp >= lifecycle.announceAt(incident)) {
        emit(incident, IncidentStatus.OPEN, timestamp, out);
      }
    }
  }

  /**
   * The open incident this anomaly belongs to or joins, or a new one it starts; none for an
   * anomaly on a supporting signal that joins nothing.
   */
  private OpenIncident incidentFor(Anomaly anomaly, Context ctx, Collector<Incident> out) throws Exception {
    String known = membership.get(anomaly.getId());
    if (known != null && incidents.contains(known)) {
      return incidents.get(known);
    }
    ServiceGraph graph = graph();
    OpenIncident joined = null;
    for (OpenIncident open : incidents.values()) {
      if (lifecycle.joins(open, membersOf(open.getId()), anomaly, graph)
          && (joined == null || open.getLastActivityMillis() > joined.getLastActivityMillis())) {
        joined = open;
      }
    }
    if (joined != null) {
      return joined;
    }
    if (!lifecycle.opensIncident(anomaly)) {
      // A supporting signal alone is no incident; re-reported while it lasts, it joins one that opens.
      return null;
    }
    if (settled.contains(anomaly.getId())) {
      // A reminder of a symptom whose incident already resolved: still there, but no news.
      return null;
    }
    makeRoomForOneMore(ctx.timestamp(), out);
    OpenIncident started = lifecycle.open(ctx.getCurrentKey(), anomaly);
    ctx.timerService().registerEventTimeTimer(lifecycle.announceAt(started));
    return started;
  }

  private void makeRoomForOneMore(long now, Collector<Incident> out) throws Exception {
    List<OpenIncident> open = list(incidents.values());
    if (open.size() >= MAX_OPEN_INCIDENTS) {
      OpenIncident stalest = open.stream().min(java.util.Comparator.comparingLong(OpenIncident::getLastActivityMillis)).orElseThrow();
      resolve(stalest, Math.max(now, stalest.getLastActivityMillis()), out);
    }
  }

  private void resolve(OpenIncident incident, long at, Collector<Incident> out) throws Exception {
    if (incident.isAnnounced()) {
      emit(incident, IncidentStatus.RESOLVED, at, out);
    }
    for (Anomaly member : membersOf(incident.getId())) {
      members.remove(member.getId());
      membership.remove(member.getId());
      settled.put(member.getId(), true);
    }
    incidents.remove(incident.getId());
  }

  private void emit(OpenIncident incident, IncidentStatus status, long at, Collector<Incident> out) throws Exception {
    lifecycle.snapshot(incident, status, membersOf(incident.getId()), graph(), list(changes.values()), at).ifPresent(out::collect);
    if (status != IncidentStatus.RESOLVED) {
      incidents.put(incident.getId(), incident);
    }
  }

  private List<Anomaly> membersOf(String incidentId) throws Exception {
    List<Anomaly> result = new ArrayList<>();
    for (var entry : membership.entries()) {
      if (entry.getValue().equals(incidentId)) {
        Anomaly member = members.get(entry.getKey());
        if (member != null) {
          result.add(member);
        }
      }
    }
    return result;
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
}
