package io.causeway.jobs.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphChangeRef;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.IncidentStatus;
import io.causeway.core.correlation.CauseRanker;
import io.causeway.core.correlation.GraphChanges;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.OpenIncident;
import io.causeway.core.correlation.ServiceGraph;
import io.causeway.core.memory.Fingerprint;
import io.causeway.core.memory.IncidentMemories;
import io.causeway.core.memory.MemorySettings;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.DeadLetters;
import io.causeway.schemas.Topic;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Correlates one scope's anomalies (keyed by scope) with its graph and changes into incidents.
 * Several incidents may be open at once: an anomaly joins the open incident it is connected to
 * (the most recently active one if several), or starts its own.
 *
 * <p>State, all bounded: the open incidents' headers (at most {@code maxOpenIncidents}; beyond
 * that the least recently active one is resolved) and their anomalies (at most {@code
 * maxAnomalies} per incident, cleared on resolve); the graph's edges and recent changes, each
 * entry expiring by TTL after {@code contextRetention} without a refresh (edges are refreshed
 * every window); the edges added or removed (structural graph deltas), by the same TTL and at most
 * {@link #MAX_GRAPH_CHANGES}, so a snapshot records those within {@code contextRetention} before
 * its onset; and the ids of anomalies whose incident resolved, for as long, so that a
 * detector's reminder of a symptom that persists does not open the same incident again.
 *
 * <p>Incident memory (see {@link IncidentMemories}): every snapshot's ranking is weighed by the
 * verdicts on similar past incidents, and the incident joins (or starts) the fingerprint of its
 * shape, written to the {@link #MEMORY} side output. Its state is bounded too: fingerprints expire
 * by TTL {@code retention} after they were last written (an incident or a verdict), and beyond
 * {@code maxFingerprints} the one seen longest ago is evicted (counted in {@code
 * memoriesEvicted}); the incident-to-fingerprint index expires alike. Feedback read before its
 * incident was announced here waits (keyed state, TTL) up to {@link #FEEDBACK_WAIT} of event time
 * past its own; feedback on an incident never announced by then, or whose fingerprint was evicted
 * or expired, or without a usable verdict, is a dead letter ({@link #DEAD_LETTERS}) counted in
 * {@code feedbackRefused}.
 *
 * <p>Anomalies are correlated in event-time order, not in the order they arrive: one ahead of event
 * time waits (keyed state, by its time) until the watermark reaches it, and those of one instant go
 * in order of id. Detectors answer at different speeds (a log-path shift comes out a quiet gap
 * after its trace, a span anomaly at once), and whether an anomaly joins an incident or opens its
 * own must not depend on which came out first. An anomaly already behind event time is correlated
 * at once. The wait is bounded by the watermark's lag behind the anomalies (the out-of-orderness).
 *
 * <p>Anomalies on supporting signals (client-side, generic resources, weak log-path shifts; see
 * {@link IncidentLifecycle#opensIncident}) join incidents but open none; they are counted in
 * {@code supportingAnomaliesWithoutIncident}.
 */
public final class CorrelationFunction
    extends KeyedCoProcessFunction<String, Anomaly, ContextEvent, Incident> {

  private static final long serialVersionUID = 1L;
  static final int MAX_OPEN_INCIDENTS = 64;
  /** Edges added or removed kept for "what changed before onset", beyond the TTL's bound. */
  static final int MAX_GRAPH_CHANGES = 500;
  /** Each fingerprint as it changes; compacted downstream by fingerprint. */
  public static final OutputTag<IncidentMemory> MEMORY = new OutputTag<>("incident-memory", new AvroTypeInfo<>(IncidentMemory.class));
  /** Feedback memory cannot use, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("correlation-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
  static final String FEEDBACK_UNKNOWN_INCIDENT = "feedback-unknown-incident";
  static final String FEEDBACK_UNUSABLE = "feedback-unusable";
  private static final String CONSUMER = "correlation";
  /**
   * Feedback read before its incident (another input's lag, or a replay) waits this much event
   * time past its own for the incident to be announced here, then is a dead letter.
   */
  static final Duration FEEDBACK_WAIT = Duration.ofHours(1);

  private final IncidentLifecycle lifecycle;
  private final Duration contextRetention;
  private final int maxAnomalies;
  private final IncidentMemories memory;

  private transient MapState<String, OpenIncident> incidents;
  private transient MapState<String, Anomaly> members;
  /** Anomalies ahead of event time, by their time. */
  private transient MapState<Long, List<Anomaly>> waitingForEventTime;
  private transient MapState<String, String> membership;
  private transient MapState<String, DependencyEdge> edges;
  private transient MapState<String, ChangeEvent> changes;
  private transient MapState<String, Boolean> settled;
  private transient MapState<String, GraphDelta> graphChanges;
  private transient Counter anomaliesOverCap;
  private transient Counter supportingAlone;
  private transient MapState<String, IncidentMemory> memories;
  private transient MapState<String, String> fingerprintOf;
  private transient MapState<String, Feedback> pendingFeedback;
  private transient Counter memoriesEvicted;
  private transient Counter feedbackRefused;
  private transient AvroCodec<Feedback> feedbackCodec;

  public CorrelationFunction(IncidentLifecycle lifecycle, Duration contextRetention, int maxAnomalies) {
    this(lifecycle, contextRetention, maxAnomalies, MemorySettings.defaults());
  }

  public CorrelationFunction(IncidentLifecycle lifecycle, Duration contextRetention, int maxAnomalies, MemorySettings memorySettings) {
    this.lifecycle = lifecycle;
    this.contextRetention = contextRetention;
    this.maxAnomalies = maxAnomalies;
    this.memory = new IncidentMemories(memorySettings);
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(contextRetention).build();
    incidents = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-incidents", Types.STRING, TypeInformation.of(OpenIncident.class)));
    members = getRuntimeContext().getMapState(new MapStateDescriptor<>("incident-anomalies", Types.STRING, new AvroTypeInfo<>(Anomaly.class)));
    waitingForEventTime = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("anomalies-ahead-of-event-time", Types.LONG, Types.LIST(new AvroTypeInfo<>(Anomaly.class))));
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
    var graphChangeDescriptor = new MapStateDescriptor<>("graph-changes", Types.STRING, new AvroTypeInfo<>(GraphDelta.class));
    graphChangeDescriptor.enableTimeToLive(ttl);
    graphChanges = getRuntimeContext().getMapState(graphChangeDescriptor);
    anomaliesOverCap = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("anomaliesOverIncidentCap");
    supportingAlone = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("supportingAnomaliesWithoutIncident");
    openMemory();
  }

  private void openMemory() {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(memory.settings().retention()).build();
    var memoryDescriptor = new MapStateDescriptor<>("incident-memory", Types.STRING, new AvroTypeInfo<>(IncidentMemory.class));
    memoryDescriptor.enableTimeToLive(ttl);
    memories = getRuntimeContext().getMapState(memoryDescriptor);
    var indexDescriptor = new MapStateDescriptor<>("incident-fingerprint", Types.STRING, Types.STRING);
    indexDescriptor.enableTimeToLive(ttl);
    fingerprintOf = getRuntimeContext().getMapState(indexDescriptor);
    var pendingDescriptor = new MapStateDescriptor<>("pending-feedback", Types.STRING, new AvroTypeInfo<>(Feedback.class));
    pendingDescriptor.enableTimeToLive(ttl);
    pendingFeedback = getRuntimeContext().getMapState(pendingDescriptor);
    memoriesEvicted = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("memoriesEvicted");
    feedbackRefused = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("feedbackRefused");
    feedbackCodec = AvroCodec.of(Feedback.class);
  }

  @Override
  public void processElement1(Anomaly anomaly, Context ctx, Collector<Incident> out) throws Exception {
    Long at = ctx.timestamp();
    long eventTime = ctx.timerService().currentWatermark();
    if (at == null || at <= eventTime) {
      correlate(anomaly, eventTime, ctx, out);
      return;
    }
    List<Anomaly> waiting = waitingForEventTime.get(at);
    if (waiting == null) {
      waiting = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(at);
    }
    waiting.add(anomaly);
    waitingForEventTime.put(at, waiting);
  }

  /** Correlates the anomalies of one instant, now that event time reached it, in order of id. */
  private void correlateDue(long timestamp, Context ctx, Collector<Incident> out) throws Exception {
    List<Anomaly> due = waitingForEventTime.get(timestamp);
    if (due == null) {
      return;
    }
    waitingForEventTime.remove(timestamp);
    due.sort(java.util.Comparator.comparing(anomaly -> anomaly.getId().toString()));
    for (Anomaly anomaly : due) {
      correlate(anomaly, timestamp, ctx, out);
    }
  }

  /**
   * Joins the anomaly to its incident, or opens one; {@code ctx.timestamp()} is the anomaly's time,
   * {@code eventTime} how far event time has got (the watermark, or the timer that released it:
   * while timers fire, the watermark already stands at the end of the advance).
   */
  private void correlate(Anomaly anomaly, long eventTime, Context ctx, Collector<Incident> out) throws Exception {
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
      emit(incident, IncidentStatus.UPDATED, ctx.timestamp(), out, ctx);
    } else if (eventTime >= lifecycle.announceAt(incident)) {
      // A late anomaly (a slower detector's, behind event time): its incident is due already, and
      // the timer would wait for event time to move again, which at the end of a stream it may not.
      emit(incident, IncidentStatus.OPEN, lifecycle.announceAt(incident), out, ctx);
    }
  }

  @Override
  public void processElement2(ContextEvent context, Context ctx, Collector<Incident> out) throws Exception {
    if (context.getEdge() != null) {
      DependencyEdge edge = context.getEdge();
      edges.put(edge.getCaller() + "->" + edge.getCallee(), edge);
    } else if (context.getChange() != null) {
      ChangeEvent change = context.getChange();
      changes.put(change.getId(), change);
    } else if (context.getFeedback() != null) {
      learn(context.getFeedback(), ctx);
    } else if (context.getDelta() != null && GraphChanges.structural(context.getDelta())) {
      keepGraphChange(context.getDelta());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
    correlateDue(timestamp, ctx, out);
    giveUpWaitingFeedback(timestamp, ctx);
    for (OpenIncident incident : list(incidents.values())) {
      if (timestamp >= lifecycle.resolveAt(incident)) {
        resolve(incident, timestamp, out, ctx);
      } else if (!incident.isAnnounced() && timestamp >= lifecycle.announceAt(incident)) {
        emit(incident, IncidentStatus.OPEN, timestamp, out, ctx);
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
    makeRoomForOneMore(ctx.timestamp(), out, ctx);
    OpenIncident started = lifecycle.open(ctx.getCurrentKey(), anomaly);
    ctx.timerService().registerEventTimeTimer(lifecycle.announceAt(started));
    return started;
  }

  private void makeRoomForOneMore(long now, Collector<Incident> out, Context ctx) throws Exception {
    List<OpenIncident> open = list(incidents.values());
    if (open.size() >= MAX_OPEN_INCIDENTS) {
      OpenIncident stalest = open.stream().min(java.util.Comparator.comparingLong(OpenIncident::getLastActivityMillis)).orElseThrow();
      resolve(stalest, Math.max(now, stalest.getLastActivityMillis()), out, ctx);
    }
  }

  private void resolve(OpenIncident incident, long at, Collector<Incident> out, Context ctx) throws Exception {
    if (incident.isAnnounced()) {
      emit(incident, IncidentStatus.RESOLVED, at, out, ctx);
    }
    for (Anomaly member : membersOf(incident.getId())) {
      members.remove(member.getId());
      membership.remove(member.getId());
      settled.put(member.getId(), true);
    }
    incidents.remove(incident.getId());
  }

  private void emit(OpenIncident incident, IncidentStatus status, long at, Collector<Incident> out, Context ctx) throws Exception {
    List<Anomaly> members = membersOf(incident.getId());
    List<GraphChangeRef> beforeOnset = GraphChanges.before(incident.getOnsetMillis(), list(graphChanges.values()), contextRetention);
    Recollection recollection = new Recollection(incident.getId(), members, beforeOnset, list(memories.values()), at);
    Optional<Incident> snapshot = lifecycle.snapshot(incident, status, members, graph(), list(changes.values()), at, recollection);
    if (snapshot.isPresent()) {
      out.collect(Incident.newBuilder(snapshot.get()).setGraphChanges(beforeOnset).build());
      remember(incident.getId(), recollection, at, ctx);
    }
    if (status != IncidentStatus.RESOLVED) {
      incidents.put(incident.getId(), incident);
    }
  }

  /** Weighs a snapshot's live ranking with memory, and keeps the shape it saw for {@link #remember}. */
  private final class Recollection implements IncidentLifecycle.Weigher {
    private final String incidentId;
    private final List<Anomaly> members;
    private final List<GraphChangeRef> graphChangesBeforeOnset;
    private final List<IncidentMemory> known;
    private final long at;
    private Fingerprint shape;
    private FaultKind liveFaultKind;

    Recollection(String incidentId, List<Anomaly> members, List<GraphChangeRef> graphChangesBeforeOnset, List<IncidentMemory> known, long at) {
      this.incidentId = incidentId;
      this.members = members;
      this.graphChangesBeforeOnset = graphChangesBeforeOnset;
      this.known = known;
      this.at = at;
    }

    @Override
    public CauseRanker.Ranking weigh(CauseRanker.Ranking live) {
      shape = Fingerprint.of(members, live.hypotheses(), graphChangesBeforeOnset);
      liveFaultKind = live.hypotheses().isEmpty() ? null : live.hypotheses().get(0).getFaultKind();
      IncidentMemories.Recall recall = memory.recall(incidentId, shape, known, at);
      return memory.weigh(live, recall, lifecycle.rankingSettings().minConfidence());
    }
  }

  /** The incident joins its fingerprint (the one it is in, else the closest of its shape, else a new one). */
  private void remember(String incidentId, Recollection recollection, long at, Context ctx) throws Exception {
    String known = fingerprintOf.get(incidentId);
    IncidentMemory home = known == null ? null : memories.get(known);
    if (home == null) {
      home = memory.closest(recollection.shape, recollection.known).orElse(null);
    }
    IncidentMemory updated = memory.remember(home, incidentId, recollection.shape, recollection.liveFaultKind, at);
    memories.put(updated.getFingerprint(), updated);
    fingerprintOf.put(incidentId, updated.getFingerprint());
    ctx.output(MEMORY, updated);
    evictBeyondCap();
    for (var waiting : list(pendingFeedback.entries())) {
      if (waiting.getValue().getIncidentId().equals(incidentId)) {
        pendingFeedback.remove(waiting.getKey());
        learn(waiting.getValue(), ctx);
      }
    }
  }

  private void giveUpWaitingFeedback(long now, Context ctx) throws Exception {
    for (var waiting : list(pendingFeedback.entries())) {
      if (waiting.getValue().getTime().toEpochMilli() + FEEDBACK_WAIT.toMillis() <= now) {
        pendingFeedback.remove(waiting.getKey());
        refuse(waiting.getValue(), FEEDBACK_UNKNOWN_INCIDENT,
            "incident '" + waiting.getValue().getIncidentId() + "' was not announced here within " + FEEDBACK_WAIT + " of its feedback", ctx);
      }
    }
  }

  private void evictBeyondCap() throws Exception {
    Optional<String> stalest = memory.evictable(list(memories.values()));
    if (stalest.isPresent()) {
      memories.remove(stalest.get());
      memoriesEvicted.inc();
    }
  }

  /** Keeps an edge added or removed; beyond {@link #MAX_GRAPH_CHANGES}, the oldest goes. */
  private void keepGraphChange(GraphDelta delta) throws Exception {
    graphChanges.put(delta.getChange() + " " + delta.getCaller() + "->" + delta.getCallee() + " " + delta.getTime().toEpochMilli(), delta);
    List<java.util.Map.Entry<String, GraphDelta>> kept = list(graphChanges.entries());
    if (kept.size() > MAX_GRAPH_CHANGES) {
      graphChanges.remove(kept.stream().min(java.util.Comparator.comparing(e -> e.getValue().getTime())).orElseThrow().getKey());
    }
  }

  /** A responder's verdict joins the memory of its incident's fingerprint. */
  private void learn(Feedback feedback, Context ctx) throws Exception {
    if (!IncidentMemories.usable(feedback)) {
      refuse(feedback, FEEDBACK_UNUSABLE, "feedback needs a service and a verdict of CONFIRMED or REJECTED", ctx);
      return;
    }
    String known = fingerprintOf.get(feedback.getIncidentId());
    if (known == null) {
      long giveUpAt = feedback.getTime().toEpochMilli() + FEEDBACK_WAIT.toMillis();
      pendingFeedback.put(feedback.getIncidentId() + "|" + feedback.getTime().toEpochMilli() + "|" + feedback.getService() + "|" + feedback.getVerdict(), feedback);
      ctx.timerService().registerEventTimeTimer(giveUpAt);
      return;
    }
    IncidentMemory home = memories.get(known);
    if (home == null) {
      refuse(feedback, FEEDBACK_UNKNOWN_INCIDENT,
          "incident '" + feedback.getIncidentId() + "' has no fingerprint in memory any more (evicted or expired)", ctx);
      return;
    }
    IncidentMemory updated = memory.learn(home, feedback);
    memories.put(updated.getFingerprint(), updated);
    ctx.output(MEMORY, updated);
  }

  private void refuse(Feedback feedback, String reason, String message, Context ctx) {
    feedbackRefused.inc();
    Long timestamp = ctx.timestamp();
    Instant at = Instant.ofEpochMilli(timestamp == null ? feedback.getTime().toEpochMilli() : timestamp);
    ctx.output(DEAD_LETTERS, DeadLetters.ofInput(Topic.FEEDBACK.defaultName(), feedbackCodec.encode(feedback), at,
        reason, reason + ": " + message, CONSUMER));
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
