package io.causeway.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Verdict;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveResponderTest {

  private static final Instant T0 = Instant.parse("2023-01-29T08:43:04Z");
  private static final Duration AFTER = Duration.ofMinutes(5);

  private static final List<Fault> FAULTS = List.of(
      fault(0, "ts-contacts-service", "return"),
      fault(9, "ts-contacts-service", "return"),
      fault(18, "ts-order-service", "exception"));

  @Test
  void confirmsTheFaultsServiceOnItsIncidentStampedAfterItOpened() {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.CONFIRM, AFTER);
    Incident first = incident("inc-a", T0.plusSeconds(30), "ts-ui-dashboard", "ts-contacts-service");

    LiveResponder.Decision decision = responder.decide(first).orElseThrow();

    assertThat(decision.faultIndex()).isZero();
    assertThat(decision.verdict()).isEqualTo(Verdict.CONFIRMED);
    assertThat(decision.service()).isEqualTo("ts-contacts-service");
    assertThat(decision.incidentId()).isEqualTo("inc-a");
    assertThat(decision.at()).isEqualTo(first.getOpenedAt().plus(AFTER));
  }

  @Test
  void answersEachFaultOnceOnItsFirstIncidentAndIgnoresDuplicatesAndLaterSnapshots() {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.CONFIRM, AFTER);

    assertThat(responder.decide(incident("inc-a", T0.plusSeconds(30), "ts-contacts-service"))).isPresent();
    assertThat(responder.decide(incident("inc-a", T0.plusSeconds(30), "ts-contacts-service"))).as("a later snapshot").isEmpty();
    assertThat(responder.decide(incident("inc-b", T0.plusSeconds(90), "ts-contacts-service"))).as("a duplicate").isEmpty();
    assertThat(responder.decide(incident("inc-c", T0.plusSeconds(9 * 60 + 20), "ts-contacts-service")).orElseThrow().faultIndex()).isEqualTo(1);
    assertThat(responder.decisions()).extracting(LiveResponder.Decision::incidentId).containsExactly("inc-a", "inc-c");
  }

  @Test
  void anIncidentOutsideEveryFaultsWindowGetsNoVerdict() {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.CONFIRM, AFTER);

    // onset 5 min after the first injection: past the scoring's 4 min follow-up, before the second's window
    assertThat(responder.decide(incident("inc-x", T0.plusSeconds(5 * 60), "ts-contacts-service"))).isEmpty();
    // onset from the start of the minute before the injection's minute counts, as the scoring has it
    assertThat(responder.decide(incident("inc-y", RcaScoring.coveredFrom(FAULTS.get(0)), "ts-contacts-service"))).isPresent();
  }

  @Test
  void rejectsAWrongFirstSuspectAndSaysNothingWhenItIsRight() {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.REJECT, AFTER);

    LiveResponder.Decision wrong = responder.decide(incident("inc-a", T0.plusSeconds(30), "ts-ui-dashboard", "ts-contacts-service")).orElseThrow();
    LiveResponder.Decision right = responder.decide(incident("inc-c", T0.plusSeconds(9 * 60 + 20), "ts-contacts-service", "ts-ui-dashboard")).orElseThrow();
    LiveResponder.Decision none = responder.decide(incident("inc-d", T0.plusSeconds(18 * 60 + 20))).orElseThrow();

    assertThat(wrong.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(wrong.service()).isEqualTo("ts-ui-dashboard");
    assertThat(right.says()).isFalse();
    assertThat(none.says()).as("no suspect to reject").isFalse();
    assertThat(responder.decisions()).extracting(LiveResponder.Decision::incidentId).containsExactly("inc-a");
  }

  @Test
  void aRecurrenceWaitsUntilItsEarlierOccurrenceWasDelivered() throws Exception {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.CONFIRM, AFTER);

    assertThat(responder.awaitEarlierOccurrences(2, Duration.ZERO)).as("no earlier occurrence of fault 2").isTrue();
    assertThat(responder.awaitEarlierOccurrences(1, Duration.ofMillis(50))).as("fault 0 not answered yet").isFalse();
    LiveResponder.Decision decision = responder.decide(incident("inc-a", T0.plusSeconds(30), "ts-contacts-service")).orElseThrow();
    assertThat(responder.awaitEarlierOccurrences(1, Duration.ofMillis(50))).as("answered, not yet delivered").isFalse();

    Thread deliver = new Thread(() -> responder.delivered(decision.faultIndex()));
    deliver.start();
    assertThat(responder.awaitEarlierOccurrences(1, Duration.ofSeconds(10))).isTrue();
    deliver.join();
  }

  @Test
  void theGateHoldsTelemetryOfARecurrenceUntilTheEarlierAnswerIsDelivered() throws Exception {
    LiveResponder responder = new LiveResponder(FAULTS, LiveResponder.Mode.CONFIRM, AFTER);
    List<Instant> passed = java.util.Collections.synchronizedList(new ArrayList<>());
    ReplayGate gate = new ReplayGate(new RecordingSink(passed), responder);
    Instant beforeRecurrence = FAULTS.get(1).injectedAt().minusSeconds(5 * 60);
    Instant inRecurrence = FAULTS.get(1).injectedAt();

    Thread replay = new Thread(() -> {
      gate.log(log(beforeRecurrence));
      gate.log(log(inRecurrence));
    });
    replay.start();
    Thread.sleep(300);
    assertThat(passed).containsExactly(beforeRecurrence);

    responder.delivered(responder.decide(incident("inc-a", T0.plusSeconds(30), "ts-contacts-service")).orElseThrow().faultIndex());
    replay.join(10_000);
    assertThat(passed).containsExactly(beforeRecurrence, inRecurrence);
    assertThat(gate.timedOut()).isZero();
  }

  private static Fault fault(int minutes, String service, String type) {
    return new Fault(T0.plusSeconds(60L * minutes), service + "-pod", service, type);
  }

  private static io.causeway.avro.LogRecord log(Instant at) {
    return io.causeway.avro.LogRecord.newBuilder().setService("ts-contacts-service").setTimestamp(at)
        .setSeverity(io.causeway.avro.Severity.INFO).setBody("line").build();
  }

  /** Keeps the time of each log it is given. */
  private record RecordingSink(List<Instant> passed) implements io.causeway.ingest.sim.TelemetrySink {
    @Override public void span(io.causeway.avro.Span span) {}
    @Override public void metric(io.causeway.avro.MetricPoint point) {}
    @Override public void log(io.causeway.avro.LogRecord record) {
      passed.add(record.getTimestamp());
    }
    @Override public void change(io.causeway.avro.ChangeEvent change) {}
    @Override public void flush() {}
    @Override public void close() {}
  }

  private static Incident incident(String id, Instant onset, String... suspects) {
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (String suspect : suspects) {
      hypotheses.add(Hypothesis.newBuilder().setService(suspect).setFaultKind(FaultKind.ERRORS).setConfidence(0.5).setScore(1)
          .setEvidence(Evidence.newBuilder().setSummary("s").build()).setBlastRadius(BlastRadius.newBuilder().build()).build());
    }
    return Incident.newBuilder().setId(id).setStatus(IncidentStatus.OPEN).setVersion(1).setOnset(onset)
        .setOpenedAt(onset.plusSeconds(40)).setUpdatedAt(onset.plusSeconds(40)).setTitle("test").setSymptoms(List.of())
        .setHypotheses(hypotheses).build();
  }
}
