package io.causeway.jobs.correlation;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Verdict;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.core.memory.IncidentMemories;
import io.causeway.core.memory.MemorySettings;
import io.causeway.ingest.sim.OnlineBoutique;
import io.causeway.ingest.sim.ServiceCall;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incident memory in the correlation function: a latency fault in productcatalogservice (its
 * callers louder) happens, a responder confirms or rejects a cause, and the same fault recurs a
 * day later with other anomaly ids and scores.
 */
class CorrelationMemoryTest {

  private static final String SCOPE = "default";
  private static final Duration SETTLE = Duration.ofSeconds(15);
  private static final Duration QUIET_PERIOD = Duration.ofMinutes(2);
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final Instant GRAPH_AT = Instant.parse("2025-03-01T09:59:55Z");
  private static final Instant FIRST_FAULT = Instant.parse("2025-03-01T10:00:05Z");
  private static final Instant NEXT_DAY = FIRST_FAULT.plus(Duration.ofDays(1));
  private static final Instant THIRD_DAY = FIRST_FAULT.plus(Duration.ofDays(2));
  /** A catalog signal this faint leaves a loud caller first on live evidence alone. */
  private static final double FAINT_CATALOG = 3;

  private KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theSameFaultAgainRecallsTheFirstWithItsConfirmedCauseAndNote() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident first = runFault("a", FIRST_FAULT, 1.0);
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "rolled back catalog 2.1.0", FIRST_FAULT.plus(Duration.ofMinutes(10)));

    Incident second = runFault("b", NEXT_DAY, 1.3);

    Hypothesis top = second.getHypotheses().get(0);
    assertThat(top.getService()).isEqualTo("productcatalogservice");
    assertThat(top.getEvidence().getSimilarIncidents()).singleElement().satisfies(similar -> {
      assertThat(similar.getIncidentId()).isEqualTo(first.getId());
      assertThat(similar.getResolutionNote()).isEqualTo("rolled back catalog 2.1.0");
      assertThat(similar.getConfirmedCause()).isEqualTo("productcatalogservice");
      assertThat(similar.getSimilarity()).isGreaterThan(0.9);
    });
    assertThat(top.getEvidence().getMemoryPrior().getFactor()).isGreaterThan(2.0);
    assertThat(top.getEvidence().getMemoryPrior().getSources()).singleElement()
        .satisfies(source -> assertThat(source.getIncidentId()).isEqualTo(first.getId()));
    assertThat(lastMemory().getIncidentIds()).containsExactly(first.getId(), second.getId());
  }

  @Test
  void aRejectedTopSuspectDropsOnTheNextSimilarIncident() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident first = runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    String wrongSuspect = first.getHypotheses().get(0).getService();
    assertThat(wrongSuspect).as("live, a loud caller leads").isNotEqualTo("productcatalogservice");
    feedback(first.getId(), wrongSuspect, Verdict.REJECTED, null, FIRST_FAULT.plus(Duration.ofMinutes(10)));

    Incident second = runFault("b", NEXT_DAY, 1.1, FAINT_CATALOG);

    List<String> ranked = second.getHypotheses().stream().map(Hypothesis::getService).toList();
    assertThat(ranked.indexOf(wrongSuspect)).as("ranks %s", ranked).isPositive();
    Hypothesis demoted = second.getHypotheses().get(ranked.indexOf(wrongSuspect));
    assertThat(demoted.getEvidence().getMemoryPrior().getFactor()).isLessThan(0.5);
    assertThat(demoted.getEvidence().getMemoryPrior().getSources()).singleElement().satisfies(source -> {
      assertThat(source.getIncidentId()).isEqualTo(first.getId());
      assertThat(source.getVerdict()).isEqualTo("REJECTED");
    });
    assertThat(demoted.getBasis()).contains(IncidentMemories.BASIS);
    assertThat(second.getHypotheses().get(0).getBasis()).as("moved up by memory").contains(IncidentMemories.BASIS);
  }

  @Test
  void aConfirmationLiftsTheTrueCauseAboveALouderCallerWithinTheCap() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident first = runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "catalog cache cold", FIRST_FAULT.plus(Duration.ofMinutes(10)));

    Incident withMemory = runFault("b", NEXT_DAY, 1.0, FAINT_CATALOG);
    harness.close();
    harness = open(new MemorySettings(0.5, 0.8, 3, Duration.ofDays(14), 1, 1, 1.0, 1000, RETENTION, 20), null);
    Incident capAtOne = runFault("b", NEXT_DAY, 1.0, FAINT_CATALOG);

    assertThat(withMemory.getHypotheses().get(0).getService()).isEqualTo("productcatalogservice");
    assertThat(withMemory.getTitle()).contains("productcatalogservice");
    assertThat(capAtOne.getHypotheses().get(0).getService()).as("max-prior 1: no memory, live order").isNotEqualTo("productcatalogservice");
    assertThat(capAtOne.getHypotheses().get(0).getBasis()).doesNotContain(IncidentMemories.BASIS);
  }

  @Test
  void aStrongLiveLeadIsNotOverturnedByARejection() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident first = runFault("a", FIRST_FAULT, 1.0);
    feedback(first.getId(), "productcatalogservice", Verdict.REJECTED, null, FIRST_FAULT.plus(Duration.ofMinutes(10)));

    Incident second = runFault("b", NEXT_DAY, 1.0);

    Hypothesis top = second.getHypotheses().get(0);
    assertThat(top.getService()).as("7 x the next candidate, beyond the cap of 3").isEqualTo("productcatalogservice");
    assertThat(top.getEvidence().getMemoryPrior().getFactor()).isLessThan(0.5);
    assertThat(top.getBasis()).doesNotContain(IncidentMemories.BASIS);
  }

  @Test
  void fingerprintsBeyondTheMostKeptAreEvictedAndFeedbackOnThemIsADeadLetter() throws Exception {
    harness = open(new MemorySettings(0.5, 0.8, 3, Duration.ofDays(14), 1, 1, 3, 2, RETENTION, 20), null);
    Incident catalog = runFault("a", FIRST_FAULT, 1.0);
    Incident payment = runFault(paymentFault("p", NEXT_DAY));
    Incident cart = runFault(cartFault("c", THIRD_DAY));

    assertThat(List.of(catalog, payment, cart)).extracting(i -> i.getHypotheses().get(0).getService())
        .containsExactly("productcatalogservice", "paymentservice", "cartservice");
    assertThat(memoryEntries()).isEqualTo(2);
    feedback(catalog.getId(), "productcatalogservice", Verdict.CONFIRMED, null, THIRD_DAY.plusSeconds(600));
    feedback(cart.getId(), "cartservice", Verdict.CONFIRMED, null, THIRD_DAY.plusSeconds(600));

    assertThat(deadLetters()).singleElement().satisfies(letter -> {
      assertThat(letter.getError()).startsWith(CorrelationFunction.FEEDBACK_UNKNOWN_INCIDENT).contains(catalog.getId());
      assertThat(letter.getSourceTopic()).isEqualTo("incident.feedback");
    });
    assertThat(lastMemory().getIncidentIds()).containsExactly(cart.getId());
  }

  @Test
  void fingerprintsExpireAfterTheRetentionWithoutNews() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    harness.setStateTtlProcessingTime(0);
    Incident first = runFault("a", FIRST_FAULT, 1.0);
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "rolled back", FIRST_FAULT.plusSeconds(600));

    harness.setStateTtlProcessingTime(RETENTION.plusMinutes(1).toMillis());
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "again", FIRST_FAULT.plusSeconds(900));
    Incident recurrence = runFault("b", NEXT_DAY, 1.0);

    assertThat(deadLetters()).as("after waiting for an incident it no longer knows").singleElement()
        .satisfies(letter -> assertThat(letter.getError()).startsWith(CorrelationFunction.FEEDBACK_UNKNOWN_INCIDENT));
    assertThat(recurrence.getHypotheses().get(0).getEvidence().getSimilarIncidents()).isEmpty();
  }

  @Test
  void feedbackReadBeforeItsIncidentWaitsForItAndCountsOnlyFromItsOwnTime() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident dryRun = runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    harness.close();
    harness = open(MemorySettings.defaults(), null);
    Instant confirmedAt = FIRST_FAULT.plus(Duration.ofMinutes(10));
    feedback(dryRun.getId(), "productcatalogservice", Verdict.CONFIRMED, "catalog cache cold", confirmedAt);

    Incident first = runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    Incident beforeTheVerdict = runFault("b", FIRST_FAULT.plus(Duration.ofMinutes(6)), 1.0, FAINT_CATALOG);
    Incident afterIt = runFault("c", NEXT_DAY, 1.0, FAINT_CATALOG);

    assertThat(first.getId()).as("ids from content: a replay gives the same").isEqualTo(dryRun.getId());
    assertThat(deadLetters()).isEmpty();
    assertThat(beforeTheVerdict.getHypotheses().get(0).getService()).as("not confirmed yet at its time").isNotEqualTo("productcatalogservice");
    assertThat(afterIt.getHypotheses().get(0).getService()).isEqualTo("productcatalogservice");
    assertThat(afterIt.getHypotheses().get(0).getEvidence().getMemoryPrior().getSources()).extracting(s -> s.getTime())
        .containsExactly(confirmedAt);
  }

  @Test
  void feedbackOnAnIncidentNeverAnnouncedIsADeadLetterAfterTheWait() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    feedback("inc-nowhere", "cartservice", Verdict.CONFIRMED, null, FIRST_FAULT);

    harness.processBothWatermarks(new Watermark(FIRST_FAULT.plus(CorrelationFunction.FEEDBACK_WAIT).minusMillis(1).toEpochMilli()));
    assertThat(deadLetters()).isEmpty();
    harness.processBothWatermarks(new Watermark(FIRST_FAULT.plus(CorrelationFunction.FEEDBACK_WAIT).toEpochMilli()));

    assertThat(deadLetters()).singleElement().satisfies(letter -> assertThat(letter.getError()).contains("inc-nowhere"));
    assertThat(keysWithState(harness, "pending-feedback")).isZero();
  }

  @Test
  void memoryIsTheSameAfterARestoreFromASnapshot() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    Incident first = runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "catalog cache cold", FIRST_FAULT.plusSeconds(600));
    Incident uninterrupted = runFault("b", NEXT_DAY, 1.0, FAINT_CATALOG);
    harness.close();

    harness = open(MemorySettings.defaults(), null);
    runFault("a", FIRST_FAULT, 1.0, FAINT_CATALOG);
    feedback(first.getId(), "productcatalogservice", Verdict.CONFIRMED, "catalog cache cold", FIRST_FAULT.plusSeconds(600));
    OperatorSubtaskState snapshot = harness.snapshot(1L, FIRST_FAULT.plusSeconds(600).toEpochMilli());
    harness.close();
    harness = open(MemorySettings.defaults(), snapshot);
    Incident restored = runFault("b", NEXT_DAY, 1.0, FAINT_CATALOG);

    assertThat(restored).isEqualTo(uninterrupted);
    assertThat(restored.getHypotheses().get(0).getEvidence().getSimilarIncidents()).extracting(s -> s.getIncidentId())
        .containsExactly(first.getId());
    assertThat(keysWithState(harness, "incident-memory")).isEqualTo(1);
  }

  @Test
  void anIncidentNamesTheEdgeThatAppearedBeforeItsOnsetAndItsShapeIncludesIt() throws Exception {
    harness = open(MemorySettings.defaults(), null);
    GraphDelta fraudCheck = GraphDelta.newBuilder().setChange(DeltaType.ADDED).setCaller("checkoutservice").setCallee("fraud-check")
        .setTime(FIRST_FAULT.minus(Duration.ofMinutes(12))).build();
    harness.processElement2(ContextEvent.of(fraudCheck), fraudCheck.getTime().toEpochMilli());

    Incident incident = runFault("a", FIRST_FAULT, 1.0);

    assertThat(incident.getGraphChanges()).singleElement().satisfies(change ->
        assertThat(change.getSummary()).isEqualTo("a new edge checkoutservice -> fraud-check appeared 12 min before onset"));
    assertThat(lastMemory().getFeatures()).containsKey("graph:added:checkoutservice>fraud-check");
  }

  // ---------------------------------------------------------------------------------------------

  private Incident runFault(String ids, Instant onset, double scale) throws Exception {
    return runFault(catalogFault(ids, onset, scale, 40 * scale));
  }

  private Incident runFault(String ids, Instant onset, double scale, double catalogScore) throws Exception {
    return runFault(catalogFault(ids, onset, scale, catalogScore));
  }

  /** Feeds the symptoms, announces their incident and lets it resolve; the OPEN snapshot. */
  private Incident runFault(List<Anomaly> symptoms) throws Exception {
    int before = harness.extractOutputValues().size();
    for (Anomaly anomaly : symptoms) {
      harness.processElement1(anomaly, anomaly.getDetectedAt().toEpochMilli());
    }
    Instant firstDetected = symptoms.stream().map(Anomaly::getDetectedAt).min(Comparator.naturalOrder()).orElseThrow();
    Instant lastDetected = symptoms.stream().map(Anomaly::getDetectedAt).max(Comparator.naturalOrder()).orElseThrow();
    harness.processBothWatermarks(new Watermark(Math.max(firstDetected.plus(SETTLE).toEpochMilli(), lastDetected.toEpochMilli())));
    Incident opened = harness.extractOutputValues().get(before);
    harness.processBothWatermarks(new Watermark(lastDetected.plus(QUIET_PERIOD).toEpochMilli()));
    assertThat(opened.getStatus()).isEqualTo(IncidentStatus.OPEN);
    return opened;
  }

  private void feedback(String incidentId, String service, Verdict verdict, String note, Instant at) throws Exception {
    Feedback feedback = Feedback.newBuilder().setIncidentId(incidentId).setService(service).setVerdict(verdict)
        .setResolutionNote(note).setAuthor("ana").setTime(at).build();
    harness.processElement2(ContextEvent.of(feedback), at.toEpochMilli());
  }

  /** The catalog slows first, then its callers, louder; {@code scale} varies the callers' scores. */
  private static List<Anomaly> catalogFault(String ids, Instant onset, double scale, double catalogScore) {
    return List.of(
        latency(ids + "-catalog", "productcatalogservice", onset, onset.plusSeconds(10), catalogScore),
        latency(ids + "-frontend", "frontend", onset, onset.plusSeconds(15), 60 * scale),
        latency(ids + "-checkout", "checkoutservice", onset.plusSeconds(5), onset.plusSeconds(15), 30 * scale),
        latency(ids + "-recommendation", "recommendationservice", onset.plusSeconds(5), onset.plusSeconds(20), 25 * scale));
  }

  private static List<Anomaly> paymentFault(String ids, Instant onset) {
    return List.of(
        errors(ids + "-payment", "paymentservice", onset, onset.plusSeconds(10), 30),
        errors(ids + "-checkout", "checkoutservice", onset, onset.plusSeconds(15), 20));
  }

  private static List<Anomaly> cartFault(String ids, Instant onset) {
    return List.of(
        errors(ids + "-cart", "cartservice", onset, onset.plusSeconds(10), 30),
        errors(ids + "-frontend", "frontend", onset, onset.plusSeconds(15), 10));
  }

  private static Anomaly errors(String id, String service, Instant onset, Instant detected, double score) {
    return Anomaly.newBuilder().setId(id).setService(service).setSignal("red.error.ratio").setKind(SignalKind.ERRORS)
        .setOnset(onset).setDetectedAt(detected).setScore(score).setObserved(0.2).setExpected(0.01).build();
  }

  private static Anomaly latency(String id, String service, Instant onset, Instant detected, double score) {
    return Anomaly.newBuilder().setId(id).setService(service).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
        .setOnset(onset).setDetectedAt(detected).setScore(score).setObserved(20 * (1 + score)).setExpected(20).build();
  }

  private List<DeadLetter> deadLetters() {
    List<DeadLetter> letters = new ArrayList<>();
    var queue = harness.getSideOutput(CorrelationFunction.DEAD_LETTERS);
    if (queue != null) {
      queue.forEach(record -> letters.add(((StreamRecord<DeadLetter>) record).getValue()));
    }
    return letters;
  }

  /** Fingerprints in the scope's state, read as the function declares them. */
  private int memoryEntries() throws Exception {
    var descriptor = new MapStateDescriptor<>("incident-memory", Types.STRING, new AvroTypeInfo<>(IncidentMemory.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(RETENTION).build());
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(SCOPE);
    MapState<String, IncidentMemory> state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    int entries = 0;
    for (String ignored : state.keys()) {
      entries++;
    }
    return entries;
  }

  private IncidentMemory lastMemory() {
    List<IncidentMemory> written = memoriesWritten();
    return written.get(written.size() - 1);
  }

  private List<IncidentMemory> memoriesWritten() {
    List<IncidentMemory> written = new ArrayList<>();
    var queue = harness.getSideOutput(CorrelationFunction.MEMORY);
    if (queue != null) {
      queue.forEach(record -> written.add(((StreamRecord<IncidentMemory>) record).getValue()));
    }
    return written;
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> open(
      MemorySettings memory, OperatorSubtaskState snapshot) throws Exception {
    IncidentLifecycle lifecycle = new IncidentLifecycle(Duration.ofMinutes(5), SETTLE, QUIET_PERIOD, RankingSettings.defaults());
    var opened = Harnesses.keyedCo(new CorrelationFunction(lifecycle, Duration.ofHours(1), 500, memory),
        anomaly -> SCOPE, context -> SCOPE, Types.STRING, Backend.ROCKSDB, snapshot);
    if (snapshot == null) {
      processOnlineBoutiqueGraph(opened);
    }
    return opened;
  }

  private static void processOnlineBoutiqueGraph(KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> harness)
      throws Exception {
    for (ServiceCall call : OnlineBoutique.callGraph().stream().sorted(Comparator.comparing(ServiceCall::key)).toList()) {
      double perSecond = call.caller().equals("frontend") ? 20 : 4;
      DependencyEdge edge = DependencyEdge.newBuilder().setCaller(call.caller()).setCallee(call.callee())
          .setKind(call.callee().equals("redis-cart") ? EdgeKind.DATABASE : EdgeKind.RPC)
          .setWindowStart(GRAPH_AT.minusSeconds(5)).setWindowEnd(GRAPH_AT)
          .setCalls((long) (perSecond * 5)).setErrors(0).setCallsPerSecond(perSecond).setErrorRatio(0)
          .setLatencyP50Ms(5).setLatencyP90Ms(10).setLatencyP99Ms(20)
          .setFirstSeen(GRAPH_AT.minus(Duration.ofHours(1))).setLastSeen(GRAPH_AT).build();
      harness.processElement2(ContextEvent.of(edge), GRAPH_AT.toEpochMilli());
    }
  }
}
