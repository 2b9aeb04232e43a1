package io.causeway.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.causeway.avro.Anomaly;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Symptom;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import io.causeway.ingest.nezha.NezhaReplay.Interval;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How incidents are matched to faults and scored. */
class RcaScoringTest {

  private static final Instant T0 = Instant.parse("2023-01-29T09:00:00Z");

  @Test
  void ranksTheTrueServiceInTheIncidentWhoseOnsetFollowsTheInjection() {
    Fault fault = fault(T0, "ts-basic-service");
    Incident open = snapshot("inc-a", 1, IncidentStatus.OPEN, T0.plusSeconds(20), T0.plusSeconds(40), "ts-travel-service", "ts-basic-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(open), List.of());

    RcaScoring.FaultResult result = outcome.results().get(0);
    assertThat(result.rank()).isEqualTo(2);
    assertThat(result.secondsToFirstHypothesis()).isEqualTo(40.0);
    RcaScoring.Summary summary = outcome.summary();
    assertThat(summary.ac(1)).isZero();
    assertThat(summary.ac(3)).isEqualTo(1.0);
    assertThat(summary.avgAt5()).isCloseTo(0.8, within(1e-9));
    assertThat(outcome.falseIncidents()).isZero();
  }

  @Test
  void takesTheLastRankingBeforeTheNextFaultNotAfter() {
    Fault first = fault(T0, "ts-basic-service");
    Fault second = fault(T0.plusSeconds(600), "ts-price-service");
    Incident open = snapshot("inc-a", 1, IncidentStatus.OPEN, T0.plusSeconds(10), T0.plusSeconds(30), "ts-travel-service", "ts-basic-service");
    Incident better = snapshot("inc-a", 2, IncidentStatus.UPDATED, T0.plusSeconds(10), T0.plusSeconds(90), "ts-basic-service");
    Incident later = snapshot("inc-a", 3, IncidentStatus.UPDATED, T0.plusSeconds(10), T0.plusSeconds(700), "ts-price-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(first, second), List.of(later, open, better), List.of());

    assertThat(outcome.results().get(0).rank()).as("version 2, the last before the second fault").isEqualTo(1);
    assertThat(outcome.results().get(0).secondsToFirstHypothesis()).as("from the first snapshot").isEqualTo(30.0);
    assertThat(outcome.results().get(1).found()).as("the old incident began long before the second fault").isFalse();
    assertThat(outcome.summary().missed()).isEqualTo(1);
  }

  @Test
  void anIncidentTooEarlyOrTooLateCoversNoFaultAndCountsAsFalse() {
    Fault fault = fault(T0, "ts-basic-service");
    Interval normal = new Interval(T0.minusSeconds(400), T0.minusSeconds(100));
    Incident before = snapshot("inc-early", 1, IncidentStatus.OPEN, T0.minusSeconds(200), T0.minusSeconds(180), "ts-basic-service");
    Incident after = snapshot("inc-late", 1, IncidentStatus.OPEN, T0.plus(RcaScoring.FOLLOW).plusSeconds(1), T0.plusSeconds(400), "ts-basic-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(before, after), List.of(normal));

    assertThat(outcome.results().get(0).found()).isFalse();
    assertThat(outcome.falseIncidents()).isEqualTo(2);
    assertThat(outcome.falseIncidentsOnNormalWindow()).as("only the early one began on the fault-free window").isEqualTo(1);
    assertThat(outcome.summary().medianSecondsToFirstHypothesis()).isNull();
  }

  @Test
  void coverageStartsAtTheMinuteBeforeTheInjectionsMinuteWhereItsCaseDataBegin() {
    Fault fault = fault(T0.plusSeconds(70), "ts-basic-service"); // 09:01:10: its data begin 09:00:08
    Incident fromTheCaseData = snapshot("inc-a", 1, IncidentStatus.OPEN, T0.plusSeconds(9), T0.plusSeconds(30), "ts-basic-service");
    Incident before = snapshot("inc-b", 1, IncidentStatus.OPEN, T0.minusSeconds(1), T0.plusSeconds(20), "ts-basic-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(fromTheCaseData, before), List.of());

    assertThat(RcaScoring.coveredFrom(fault)).isEqualTo(T0);
    assertThat(outcome.results().get(0).incidents()).as("61 s before the injection, in its case data").isEqualTo(1);
    assertThat(outcome.results().get(0).rank()).isEqualTo(1);
    assertThat(outcome.falseIncidents()).isEqualTo(1);
  }

  @Test
  void summarisesPerFaultType() {
    Fault cpu = new Fault(T0, "pod-a", "ts-a", "cpu_contention");
    Fault exception = new Fault(T0.plusSeconds(600), "pod-b", "ts-b", "exception");
    Incident a = snapshot("inc-a", 1, IncidentStatus.OPEN, T0.plusSeconds(5), T0.plusSeconds(20), "ts-a");
    Incident b = snapshot("inc-b", 1, IncidentStatus.OPEN, T0.plusSeconds(605), T0.plusSeconds(640), "ts-x", "ts-y", "ts-z", "ts-b");

    var byType = RcaScoring.score(List.of(cpu, exception), List.of(a, b), List.of()).byType();

    assertThat(byType.get("cpu_contention").ac(1)).isEqualTo(1.0);
    assertThat(byType.get("exception").ac(3)).isZero();
    assertThat(byType.get("exception").ac(5)).isEqualTo(1.0);
    assertThat(byType.get("exception").medianSecondsToFirstHypothesis()).isEqualTo(40.0);
  }

  @Test
  void theFirstIncidentOnAFaultIsItsOwnAndTheOthersAreDuplicates() {
    Fault fault = fault(T0, "ts-basic-service");
    Incident first = snapshot("inc-first", 1, IncidentStatus.OPEN, T0.plusSeconds(5), T0.plusSeconds(25), 0.2, "ts-route-service", "ts-basic-service");
    Incident later = snapshot("inc-later", 1, IncidentStatus.OPEN, T0.plusSeconds(30), T0.plusSeconds(50), 0.9, "ts-basic-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(later, first), List.of());
    RcaScoring.FaultResult result = outcome.results().get(0);

    assertThat(result.incidents()).isEqualTo(2);
    assertThat(result.suspects()).as("the first page's ranking, whatever the later one says").containsExactly("ts-route-service", "ts-basic-service");
    assertThat(result.rank()).isEqualTo(2);
    assertThat(result.secondsToFirstHypothesis()).isEqualTo(25.0);
    assertThat(outcome.duplicates()).isEqualTo(1);
    assertThat(outcome.falseIncidents()).as("a duplicate is not an incident without a fault").isZero();
  }

  @Test
  void eachFaultsIncidentIsTheFirstToOpenOnItAndNoneWhereNoneCoversIt() {
    Fault covered = fault(T0, "ts-basic-service");
    Fault uncovered = fault(T0.plusSeconds(3600), "ts-route-service");
    Incident first = snapshot("inc-first", 1, IncidentStatus.OPEN, T0.plusSeconds(5), T0.plusSeconds(25), "ts-basic-service");
    Incident firstUpdated = snapshot("inc-first", 2, IncidentStatus.UPDATED, T0.plusSeconds(5), T0.plusSeconds(40), "ts-basic-service");
    Incident later = snapshot("inc-later", 1, IncidentStatus.OPEN, T0.plusSeconds(30), T0.plusSeconds(50), "ts-basic-service");

    List<Incident> incidents = RcaScoring.firstIncidents(List.of(uncovered, covered), List.of(later, firstUpdated, first));

    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0)).as("in injection order, the first snapshot").isEqualTo(first);
    assertThat(incidents.get(1)).isNull();
  }

  @Test
  void calibrationBinsEveryIncidentByItsFirstSuspectsConfidence() {
    Fault fault = fault(T0, "ts-basic-service");
    Incident right = snapshot("inc-right", 1, IncidentStatus.OPEN, T0.plusSeconds(5), T0.plusSeconds(25), 0.8, "ts-basic-service");
    Incident wrongDuplicate = snapshot("inc-dup", 1, IncidentStatus.OPEN, T0.plusSeconds(30), T0.plusSeconds(50), 0.6, "ts-route-service", "ts-basic-service");
    Incident noFault = snapshot("inc-false", 1, IncidentStatus.OPEN, T0.plusSeconds(3600), T0.plusSeconds(3620), 0.2, "ts-basic-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(right, wrongDuplicate, noFault), List.of());

    assertThat(outcome.calibration())
        .extracting(RcaScoring.CalibrationBin::pages, RcaScoring.CalibrationBin::right)
        .as("below 0.35, 0.35-0.5, 0.5-0.7, 0.7-1")
        .containsExactly(tuple(1, 0), tuple(0, 0), tuple(1, 0), tuple(1, 1));
    assertThat(outcome.calibration().get(3).meanConfidence()).isEqualTo(0.8);
    assertThat(outcome.brier()).as("(0.2² + 0.6² + 0.2²) / 3").isCloseTo((0.04 + 0.36 + 0.04) / 3, within(1e-9));
  }

  @Test
  void aConcurrentUnrelatedIncidentInTheWindowDoesNotTakeTheFaultsScore() {
    Fault fault = fault(T0, "ts-basic-service");
    Incident unrelated = snapshot("inc-discovery", 1, IncidentStatus.OPEN, T0.plusSeconds(2), T0.plusSeconds(20), "ts-auth-service");
    Incident own = snapshot("inc-own", 1, IncidentStatus.OPEN, T0.plusSeconds(10), T0.plusSeconds(45), "ts-basic-service", "ts-travel-service");

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(unrelated, own), List.of(), List.of());

    assertThat(outcome.ownIncidentResults().get(0).rank()).as("scored in the incident that carries the service").isEqualTo(1);
    assertThat(outcome.ownIncidentResults().get(0).secondsToFirstHypothesis()).isEqualTo(45.0);
    assertThat(outcome.results().get(0).rank()).as("the first-incident figure beside it: the unrelated page came first").isZero();
    assertThat(outcome.duplicates()).as("the other incident on the window still counts against the engine").isEqualTo(1);
  }

  @Test
  void anIncidentCarriesAServiceThroughASymptomOnAnEdgeOutOfIt() {
    Fault fault = fault(T0, "ts-basic-service");
    Anomaly outbound = Anomaly.newBuilder().setId("a-1").setService("ts-price-service").setSignal("edge.latency.p90")
        .setKind(SignalKind.LATENCY).setEdge("ts-basic-service->ts-price-service").setOnset(T0).setDetectedAt(T0.plusSeconds(30))
        .setScore(9).setObserved(200).setExpected(20).build();
    Incident other = snapshot("inc-other", 1, IncidentStatus.OPEN, T0.plusSeconds(1), T0.plusSeconds(20), "ts-auth-service");
    Incident viaEdge = withSymptom(snapshot("inc-edge", 1, IncidentStatus.OPEN, T0.plusSeconds(5), T0.plusSeconds(35), "ts-price-service"), outbound);

    RcaScoring.Outcome outcome = RcaScoring.score(List.of(fault), List.of(other, viaEdge), List.of(), List.of(outbound));
    RcaScoring.Outcome blind = RcaScoring.score(List.of(fault), List.of(other, viaEdge), List.of(), List.of());

    assertThat(outcome.ownIncidentResults().get(0).suspects()).as("the edge's incident, though it ranks the service nowhere").containsExactly("ts-price-service");
    assertThat(outcome.ownIncidentResults().get(0).rank()).isZero();
    assertThat(outcome.ownIncidentResults().get(0).secondsToFirstHypothesis()).isEqualTo(35.0);
    assertThat(blind.ownIncidentResults().get(0).secondsToFirstHypothesis()).as("without the anomalies, no incident carries it").isNull();
    assertThat(blind.ownIncidentSummary().missed()).as("covered, so not missed").isZero();
  }

  @Test
  void aNamespacedSuspectMatchesItsService() {
    assertThat(RcaScoring.rankOf("ts-a", List.of("train/ts-b", "train/ts-a"))).isEqualTo(2);
    assertThat(RcaScoring.rankOf("ts-a", List.of("ts-ab"))).isZero();
  }

  private static Fault fault(Instant at, String service) {
    return new Fault(at, service + "-pod", service, "exception");
  }

  private static Incident snapshot(String id, int version, IncidentStatus status, Instant onset, Instant at, String... suspects) {
    return snapshot(id, version, status, onset, at, 0.5, suspects);
  }

  /** Suspects in order, their confidence falling from {@code topConfidence}. */
  private static Incident snapshot(String id, int version, IncidentStatus status, Instant onset, Instant at, double topConfidence, String... suspects) {
    List<Hypothesis> hypotheses = new java.util.ArrayList<>();
    for (int i = 0; i < suspects.length; i++) {
      hypotheses.add(hypothesis(suspects[i], topConfidence / (i + 1)));
    }
    return Incident.newBuilder()
        .setId(id)
        .setStatus(status)
        .setVersion(version)
        .setOnset(onset)
        .setOpenedAt(version == 1 ? at : onset.plusSeconds(20))
        .setUpdatedAt(at)
        .setTitle("test")
        .setSymptoms(List.of())
        .setHypotheses(hypotheses)
        .build();
  }

  private static Incident withSymptom(Incident snapshot, Anomaly anomaly) {
    return Incident.newBuilder(snapshot).setSymptoms(List.of(Symptom.newBuilder().setAnomalyId(anomaly.getId()).setService(anomaly.getService())
        .setSignal(anomaly.getSignal()).setKind(anomaly.getKind()).setOnset(anomaly.getOnset()).setScore(anomaly.getScore())
        .setObserved(anomaly.getObserved()).setExpected(anomaly.getExpected()).build())).build();
  }

  private static Hypothesis hypothesis(String service, double confidence) {
    return Hypothesis.newBuilder()
        .setService(service)
        .setFaultKind(FaultKind.ERRORS)
        .setConfidence(confidence)
        .setScore(1)
        .setEvidence(Evidence.newBuilder().setSummary("s").build())
        .setBlastRadius(BlastRadius.newBuilder().build())
        .build();
  }
}
