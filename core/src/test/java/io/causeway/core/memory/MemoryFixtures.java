package io.causeway.core.memory;

import io.causeway.avro.Anomaly;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Feedback;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Verdict;
import java.time.Instant;
import java.util.List;

/** Hypotheses, symptoms and verdicts for memory tests. */
final class MemoryFixtures {

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private MemoryFixtures() {}

  static Hypothesis hypothesis(String service, double score, double confidence, String... path) {
    return Hypothesis.newBuilder()
        .setService(service)
        .setFaultKind(FaultKind.LATENCY)
        .setConfidence(confidence)
        .setScore(score)
        .setBasis(List.of("strength", "onset"))
        .setEvidence(Evidence.newBuilder().setSummary("latency in " + service).setPath(List.of(path)).build())
        .setBlastRadius(BlastRadius.newBuilder().build())
        .build();
  }

  static Anomaly symptom(String id, String service, SignalKind kind, Instant onset, double score) {
    return Anomaly.newBuilder()
        .setId(id)
        .setService(service)
        .setSignal(kind == SignalKind.LATENCY ? "red.latency.p90" : "red.error.ratio")
        .setKind(kind)
        .setOnset(onset)
        .setDetectedAt(onset.plusSeconds(10))
        .setScore(score)
        .setObserved(score * 20)
        .setExpected(20)
        .build();
  }

  static Feedback verdict(String incidentId, String service, Verdict verdict, Instant at, String note) {
    return Feedback.newBuilder()
        .setIncidentId(incidentId)
        .setService(service)
        .setVerdict(verdict)
        .setResolutionNote(note)
        .setAuthor("ana")
        .setTime(at)
        .build();
  }
}
