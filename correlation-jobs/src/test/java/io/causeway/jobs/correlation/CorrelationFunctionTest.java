package io.causeway.jobs.correlation;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.avro.ActionType;
import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.PolicyVerdict;
import io.causeway.avro.SignalKind;
import io.causeway.avro.SuggestedAction;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.ingest.sim.OnlineBoutique;
import io.causeway.ingest.sim.ServiceCall;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import io.causeway.schemas.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A latency fault in productcatalogservice, seen by the detectors as anomalies on the catalog and,
 * louder, on the three services that call it (frontend, checkoutservice, recommendationservice).
 */
class CorrelationFunctionTest {

  private static final String SCOPE = "default";
  private static final Duration GROUP_WINDOW = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(15);
  private static final Duration QUIET_PERIOD = Duration.ofMinutes(2);
  private static final Duration CONTEXT_RETENTION = Duration.ofHours(1);
  private static final int MAX_ANOMALIES = 500;

  /** The topology job's last window of the graph closed just before the fault. */
  private static final Instant GRAPH_WINDOW_END = Instant.parse("2025-03-01T09:59:55Z");

  private static final Instant FAULT_ONSET = Instant.parse("2025-03-01T10:00:05Z");
  private static final Instant CATALOG_DETECTED = Instant.parse("2025-03-01T10:00:15Z");
  private static final Instant CALLERS_DETECTED = Instant.parse("2025-03-01T10:00:20Z");
  private static final Instant LAST_SYMPTOM_DETECTED = Instant.parse("2025-03-01T10:00:25Z");
  /** The first anomaly plus the settle time: when the incident is announced. */
  private static final Instant SETTLED = CATALOG_DETECTED.plus(SETTLE);
  /** When an incident first seen on the callers is announced. */
  private static final Instant CALLERS_ANNOUNCED = CALLERS_DETECTED.plus(SETTLE);
  /** The last anomaly activity plus the quiet period: when the incident resolves. */
  private static final Instant QUIET = LAST_SYMPTOM_DETECTED.plus(QUIET_PERIOD);

  private static final Anomaly CATALOG_LATENCY = latency("an-catalog-p90", "productcatalogservice", FAULT_ONSET, CATALOG_DETECTED, 40);
  private static final Anomaly FRONTEND_LATENCY = latency("an-frontend-p90", "frontend", FAULT_ONSET, CALLERS_DETECTED, 60);
  private static final Anomaly CHECKOUT_LATENCY = latency("an-checkout-p90", "checkoutservice", FAULT_ONSET.plusSeconds(5), CALLERS_DETECTED, 30);
  private static final Anomaly RECOMMENDATION_LATENCY =
      latency("an-recommendation-p90", "recommendationservice", FAULT_ONSET.plusSeconds(5), LAST_SYMPTOM_DETECTED, 25);

  private KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void announcesNothingBeforeTheSymptomsHaveSettled() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();

    harness.processBothWatermarks(watermark(SETTLED.minusMillis(1)));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(keysWithState(harness, "open-incidents")).isEqualTo(1);
  }

  @Test
  void opensExactlyOneIncidentWithProductCatalogFirstOnceTheSymptomsHaveSettled() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();

    harness.processBothWatermarks(watermark(SETTLED));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
              assertThat(incident.getVersion()).isEqualTo(1);
              assertThat(incident.getOnset()).isEqualTo(FAULT_ONSET);
              assertThat(incident.getOpenedAt()).isEqualTo(SETTLED);
              assertThat(incident.getResolvedAt()).isNull();
              assertThat(incident.getNoConfidentCause()).isFalse();
              assertThat(incident.getSymptoms()).hasSize(4);
              Hypothesis top = incident.getHypotheses().get(0);
              assertThat(top.getService()).isEqualTo("productcatalogservice");
              assertThat(top.getFaultKind()).isEqualTo(FaultKind.LATENCY);
              assertThat(top.getBlastRadius().getDependents()).containsExactly("checkoutservice", "frontend", "recommendationservice");
              assertThat(incident.getHypotheses()).extracting(Hypothesis::getService).doesNotHaveDuplicates().hasSize(4);
            });
  }

  @Test
  void sendsNoUpdateWhenNewEvidenceLeavesTheRankingAsItIs() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(SETTLED));
    harness.getOutput().clear();

    process(redetected(CATALOG_LATENCY, SETTLED.plusSeconds(5))); // the detector's reminder
    process(errorRatio("an-frontend-errors", "frontend", FAULT_ONSET.plusSeconds(5), SETTLED.plusSeconds(5), 2)); // a symptom more

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void sendsAnUpdateWhenTheRankingChanges() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    process(FRONTEND_LATENCY);
    process(CHECKOUT_LATENCY);
    harness.processBothWatermarks(watermark(CALLERS_ANNOUNCED));
    Incident opened = harness.extractOutputValues().get(0);
    harness.getOutput().clear();

    // currencyservice, called by both frontend and checkout, goes far worse: it explains them both
    process(latency("an-currency-p90", "currencyservice", FAULT_ONSET, CALLERS_ANNOUNCED.plusSeconds(5), 400));
    assertThat(harness.extractOutputValues()).as("ahead of event time, it waits for it").isEmpty();
    harness.processBothWatermarks(watermark(CALLERS_ANNOUNCED.plusSeconds(5)));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            update -> {
              assertThat(update.getId()).isEqualTo(opened.getId());
              assertThat(update.getStatus()).isEqualTo(IncidentStatus.UPDATED);
              assertThat(update.getVersion()).isEqualTo(2);
              assertThat(update.getHypotheses().get(0).getService()).isEqualTo("currencyservice");
              assertThat(update.getSymptoms()).hasSize(3);
            });
  }

  /**
   * Detectors answer at different speeds: the callers' anomalies may come out before the catalog's
   * although the catalog's was detected first. The incidents must not depend on that.
   */
  @Test
  void correlatesAnomaliesInEventTimeOrderWhateverOrderTheyArriveIn() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(QUIET));
    List<Incident> inEventTimeOrder = harness.extractOutputValues();
    harness.close();

    harness = open(null);
    processOnlineBoutiqueGraph();
    process(RECOMMENDATION_LATENCY);
    process(CHECKOUT_LATENCY);
    process(FRONTEND_LATENCY);
    process(CATALOG_LATENCY);
    harness.processBothWatermarks(watermark(QUIET));

    assertThat(harness.extractOutputValues()).isEqualTo(inEventTimeOrder).hasSizeGreaterThan(1);
    assertThat(inEventTimeOrder.get(0).getSymptoms()).extracting(symptom -> symptom.getService().toString())
        .as("the first snapshot holds what was detected by its time, whatever came out first")
        .containsExactlyInAnyOrder("productcatalogservice", "frontend", "checkoutservice", "recommendationservice");
  }

  @Test
  void keepsTheTimeTheIncidentWasOpenedInEveryLaterSnapshot() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    process(FRONTEND_LATENCY);
    process(CHECKOUT_LATENCY);
    harness.processBothWatermarks(watermark(CALLERS_ANNOUNCED));
    process(latency("an-currency-p90", "currencyservice", FAULT_ONSET, CALLERS_ANNOUNCED.plusSeconds(5), 400));
    harness.processBothWatermarks(watermark(CALLERS_ANNOUNCED.plusSeconds(5).plus(QUIET_PERIOD)));

    assertThat(harness.extractOutputValues())
        .extracting(Incident::getStatus)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED, IncidentStatus.RESOLVED);
    assertThat(harness.extractOutputValues()).extracting(Incident::getOpenedAt).containsOnly(CALLERS_ANNOUNCED);
  }

  @Test
  void twoFaultsAtOnceOnUnrelatedServicesStayTwoIncidentsThoughTheyShareCallers() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    process(errorRatio("an-payment-errors", "paymentservice", FAULT_ONSET, CATALOG_DETECTED, 50));
    process(errorRatio("an-checkout-errors", "checkoutservice", FAULT_ONSET, CALLERS_DETECTED, 20));
    harness.processBothWatermarks(watermark(CALLERS_ANNOUNCED));

    assertThat(harness.extractOutputValues())
        .extracting(incident -> incident.getHypotheses().get(0).getService())
        .containsExactlyInAnyOrder("productcatalogservice", "paymentservice");
  }

  @Test
  void resolvesAfterTheQuietPeriodAndForgetsTheIncident() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(SETTLED));
    String id = harness.extractOutputValues().get(0).getId();
    harness.getOutput().clear();

    harness.processBothWatermarks(watermark(QUIET.minusMillis(1)));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processBothWatermarks(watermark(QUIET));
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.getId()).isEqualTo(id);
              assertThat(resolved.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
              assertThat(resolved.getVersion()).isEqualTo(2);
              assertThat(resolved.getResolvedAt()).isEqualTo(QUIET);
              assertThat(resolved.getHypotheses().get(0).getService()).isEqualTo("productcatalogservice");
            });
    assertThat(keysWithState(harness, "open-incidents")).isZero();
    assertThat(keysWithState(harness, "incident-anomalies")).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keysWithState(harness, "graph-edges")).as("the graph is context, kept for the next incident").isEqualTo(1);
  }

  @Test
  void aReminderOfASymptomWhoseIncidentResolvedOpensNoNewIncident() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(QUIET));
    harness.getOutput().clear();

    Instant remindedAt = QUIET.plusSeconds(30);
    process(Anomaly.newBuilder(CATALOG_LATENCY).setDetectedAt(remindedAt).build());
    harness.processBothWatermarks(watermark(remindedAt.plus(SETTLE).plus(QUIET_PERIOD)));

    assertThat(harness.extractOutputValues()).as("still there, but no news").isEmpty();
  }

  @Test
  void supportingSignalsJoinAnIncidentButOpenNone() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    process(anomaly("an-frontend-client", "frontend", "client.latency.p90", SignalKind.LATENCY, FAULT_ONSET, CATALOG_DETECTED, 50, 900, 20));
    process(anomaly("an-catalog-syscalls", "productcatalogservice", "process.syscalls", SignalKind.RESOURCE, FAULT_ONSET, CATALOG_DETECTED, 50, 900, 20));
    harness.processBothWatermarks(watermark(SETTLED.plus(QUIET_PERIOD)));
    assertThat(harness.extractOutputValues()).as("alone, they are no incident").isEmpty();

    Instant later = SETTLED.plus(QUIET_PERIOD).plusSeconds(10);
    process(latency("an-catalog-later", "productcatalogservice", later, later.plusSeconds(10), 40));
    process(anomaly("an-catalog-syscalls-2", "productcatalogservice", "process.syscalls", SignalKind.RESOURCE, later, later.plusSeconds(15), 50, 900, 20));
    harness.processBothWatermarks(watermark(later.plusSeconds(10).plus(SETTLE)));
    assertThat(harness.extractOutputValues()).singleElement()
        .satisfies(incident -> assertThat(incident.getSymptoms()).extracting(s -> s.getSignal()).contains("red.latency.p90", "process.syscalls"));
  }

  @Test
  void keepsAnIncidentOpenWhileItsAnomaliesAreReRemindedAndResolvesAfterTheLastReminder() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    Instant lastReminder = Instant.parse("2025-03-01T10:05:00Z");
    for (Instant at = SETTLED; !at.isAfter(lastReminder); at = at.plusSeconds(30)) {
      harness.processBothWatermarks(watermark(at));
      process(redetected(CATALOG_LATENCY, at));
    }

    harness.processBothWatermarks(watermark(lastReminder.plus(QUIET_PERIOD).minusMillis(1)));
    assertThat(harness.extractOutputValues()).extracting(Incident::getStatus).containsExactly(IncidentStatus.OPEN);

    harness.processBothWatermarks(watermark(lastReminder.plus(QUIET_PERIOD)));
    assertThat(harness.extractOutputValues()).extracting(Incident::getStatus).containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
  }

  @Test
  void givesTheSameIncidentsAcrossSnapshotsAndRestoresOnRocksDb() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(SETTLED));
    harness.processBothWatermarks(watermark(QUIET));
    List<Incident> uninterrupted = harness.extractOutputValues();
    harness.close();

    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    OperatorSubtaskState beforeSettle = harness.snapshot(1L, LAST_SYMPTOM_DETECTED.toEpochMilli());
    harness.close();
    harness = open(beforeSettle);
    harness.processBothWatermarks(watermark(SETTLED));
    Incident opened = harness.extractOutputValues().get(0);
    OperatorSubtaskState afterOpen = harness.snapshot(2L, SETTLED.toEpochMilli());
    harness.close();
    harness = open(afterOpen);
    harness.processBothWatermarks(watermark(QUIET));
    Incident resolved = harness.extractOutputValues().get(0);

    assertThat(List.of(opened, resolved)).isEqualTo(uninterrupted);
    assertThat(keysWithState(harness, "open-incidents")).isZero();
  }

  @Test
  void namesARecentDeployOfTheSuspectAsABadChange() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    ChangeEvent deploy =
        ChangeEvent.newBuilder()
            .setId("deploy-catalog-v2")
            .setService("productcatalogservice")
            .setType(ChangeType.DEPLOY)
            .setTimestamp(FAULT_ONSET.minusSeconds(60))
            .setVersion("v2.0.1")
            .setSource("argocd")
            .build();
    harness.processElement2(ContextEvent.of(deploy), deploy.getTimestamp().toEpochMilli());
    processFaultSymptoms();

    harness.processBothWatermarks(watermark(SETTLED));

    Hypothesis top = harness.extractOutputValues().get(0).getHypotheses().get(0);
    assertThat(top.getService()).isEqualTo("productcatalogservice");
    assertThat(top.getFaultKind()).isEqualTo(FaultKind.BAD_CHANGE);
    assertThat(top.getEvidence().getChanges()).extracting(c -> c.getId()).containsExactly("deploy-catalog-v2");
  }

  @Test
  void anAnomalyOnAnUnrelatedServiceDoesNotResolveTheOngoingIncident() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(SETTLED));

    // a batch job outside the call graph misbehaves while the catalog fault goes on
    process(latency("an-batch-p90", "nightly-batch", SETTLED, SETTLED.plusSeconds(5), 10));
    process(redetected(CATALOG_LATENCY, SETTLED.plusSeconds(30)));
    harness.processBothWatermarks(watermark(SETTLED.plusSeconds(60)));

    Incident opened = harness.extractOutputValues().get(0);
    assertThat(harness.extractOutputValues())
        .as("the catalog incident is neither resolved nor opened a second time")
        .filteredOn(incident -> incident.getId().equals(opened.getId()))
        .extracting(incident -> incident.getStatus() + " v" + incident.getVersion() + " " + incident.getId())
        .containsExactly("OPEN v1 " + opened.getId());
  }

  @Test
  void startsANewIncidentForAFaultAfterTheLastOneResolved() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(QUIET));
    String first = harness.extractOutputValues().get(0).getId();
    harness.getOutput().clear();

    Instant later = QUIET.plus(Duration.ofMinutes(30));
    process(latency("an-cart-p90", "cartservice", later.minusSeconds(10), later, 20));
    harness.processBothWatermarks(watermark(later.plus(SETTLE)));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.getId()).isNotEqualTo(first);
              assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
              assertThat(incident.getVersion()).isEqualTo(1);
              assertThat(incident.getSymptoms()).singleElement().extracting(s -> s.getService()).isEqualTo("cartservice");
            });
  }

  @Test
  void aLateAnomalyWhoseIncidentIsDueOpensItAtOnceStampedWhenItWasDue() throws Exception {
    harness = open(null);
    processOnlineBoutiqueGraph();
    harness.processBothWatermarks(watermark(QUIET.plus(Duration.ofMinutes(30))));

    process(CATALOG_LATENCY); // detected half an hour behind event time: no timer will come soon

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
              assertThat(incident.getOpenedAt()).isEqualTo(SETTLED);
              assertThat(incident.getHypotheses().get(0).getService()).isEqualTo("productcatalogservice");
            });
  }

  @Test
  void everySuggestedActionReachesTheIncidentWithItsBlastRadiusAndThePolicysVerdictAtEventTime() throws Exception {
    // The freeze is in the fault's event time (March 2025), long before the wall clock: a replay is judged as live.
    ActionPolicy policy = ActionPolicy.parse("policy.yaml", "policy.yaml", """
        freezes:
          - name: march-release
            from: 2025-03-01T00:00:00Z
            for: 1d
        rules:
          - name: inspect-freely
            action: inspect
            verdict: ALLOWED
          - name: no-wide-restarts-in-a-freeze
            action: restart
            dependents: ">= 3"
            freeze: march-release
            verdict: DENIED
            reason: release freeze
        fallback: NEEDS_APPROVAL
        """);
    harness = open(null, policy);
    processOnlineBoutiqueGraph();
    processFaultSymptoms();
    harness.processBothWatermarks(watermark(SETTLED));

    AvroCodec<Incident> wire = AvroCodec.of(Incident.class);
    Incident incident = wire.decode(wire.encode(harness.extractOutputValues().get(0)));

    Hypothesis top = incident.getHypotheses().get(0);
    assertThat(top.getService()).isEqualTo("productcatalogservice");
    assertThat(top.getActions())
        .extracting(SuggestedAction::getType, SuggestedAction::getVerdict, SuggestedAction::getReason, a -> a.getDecidedBy().getRule(), a -> a.getDecidedBy().getLine())
        .containsExactly(
            tuple(ActionType.INSPECT, PolicyVerdict.ALLOWED, "policy rule 'inspect-freely'", "inspect-freely", 6),
            tuple(ActionType.RESTART, PolicyVerdict.DENIED, "release freeze", "no-wide-restarts-in-a-freeze", 9));
    assertThat(top.getActions().get(1).getBlastRadius().getDependents()).containsExactly("checkoutservice", "frontend", "recommendationservice");
    assertThat(incident.getHypotheses()).flatExtracting(Hypothesis::getActions)
        .allSatisfy(action -> {
          assertThat(action.getVerdict()).isNotEqualTo(PolicyVerdict.UNKNOWN);
          assertThat(action.getDecidedBy().getPolicy()).isEqualTo("policy.yaml");
        });
  }

  // ---------------------------------------------------------------------------------------------

  private static KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> open(
      OperatorSubtaskState snapshot) throws Exception {
    return open(snapshot, ActionPolicy.defaults());
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, ContextEvent, Incident> open(
      OperatorSubtaskState snapshot, ActionPolicy policy) throws Exception {
    IncidentLifecycle lifecycle =
        new IncidentLifecycle(GROUP_WINDOW, SETTLE, QUIET_PERIOD, RankingSettings.defaults(), IncidentLifecycle.DEFAULT_PATH_SHIFT_OPENS_AT, policy);
    return Harnesses.keyedCo(
        new CorrelationFunction(lifecycle, CONTEXT_RETENTION, MAX_ANOMALIES), anomaly -> SCOPE, context -> SCOPE, Types.STRING, Backend.ROCKSDB, snapshot);
  }

  /** Every Online Boutique call, as the topology job reports it after one window. */
  private void processOnlineBoutiqueGraph() throws Exception {
    List<ServiceCall> calls = OnlineBoutique.callGraph().stream().sorted(Comparator.comparing(ServiceCall::key)).toList();
    for (ServiceCall call : calls) {
      double perSecond = call.caller().equals("frontend") ? 20 : call.callee().equals("redis-cart") ? 10 : 4;
      DependencyEdge edge =
          DependencyEdge.newBuilder()
              .setCaller(call.caller())
              .setCallee(call.callee())
              .setKind(call.callee().equals("redis-cart") ? EdgeKind.DATABASE : EdgeKind.RPC)
              .setWindowStart(GRAPH_WINDOW_END.minusSeconds(5))
              .setWindowEnd(GRAPH_WINDOW_END)
              .setCalls((long) (perSecond * 5))
              .setErrors(0)
              .setCallsPerSecond(perSecond)
              .setErrorRatio(0)
              .setLatencyP50Ms(5)
              .setLatencyP90Ms(10)
              .setLatencyP99Ms(20)
              .setFirstSeen(GRAPH_WINDOW_END.minus(Duration.ofHours(1)))
              .setLastSeen(GRAPH_WINDOW_END)
              .build();
      harness.processElement2(ContextEvent.of(edge), GRAPH_WINDOW_END.toEpochMilli());
    }
  }

  /** The catalog's own anomaly first, then its louder callers, as the detectors confirm them. */
  private void processFaultSymptoms() throws Exception {
    process(CATALOG_LATENCY);
    process(FRONTEND_LATENCY);
    process(CHECKOUT_LATENCY);
    process(RECOMMENDATION_LATENCY);
  }

  private void process(Anomaly anomaly) throws Exception {
    harness.processElement1(anomaly, anomaly.getDetectedAt().toEpochMilli());
  }

  private static Watermark watermark(Instant at) {
    return new Watermark(at.toEpochMilli());
  }

  /** A slowdown as large as it is sure: {@code score} times the expected 20 ms and more. */
  private static Anomaly latency(String id, String service, Instant onset, Instant detected, double score) {
    return anomaly(id, service, "red.latency.p90", SignalKind.LATENCY, onset, detected, score, 20 * (1 + score), 20);
  }

  private static Anomaly errorRatio(String id, String service, Instant onset, Instant detected, double score) {
    return anomaly(id, service, "red.error.ratio", SignalKind.ERRORS, onset, detected, score, 0.2, 0.01);
  }

  private static Anomaly anomaly(
      String id, String service, String signal, SignalKind kind, Instant onset, Instant detected, double score, double observed, double expected) {
    return Anomaly.newBuilder()
        .setId(id)
        .setService(service)
        .setSignal(signal)
        .setKind(kind)
        .setOnset(onset)
        .setDetectedAt(detected)
        .setScore(score)
        .setObserved(observed)
        .setExpected(expected)
        .build();
  }

  /** The detector's reminder of a persisting anomaly: same id and onset, detected again. */
  private static Anomaly redetected(Anomaly anomaly, Instant at) {
    return Anomaly.newBuilder(anomaly).setDetectedAt(at).build();
  }
}
