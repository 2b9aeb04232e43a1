package io.causeway.notify;

import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Silence;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Symptom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Named instants and incidents for the notifier's tests. */
final class NotifyFixtures {

  static final Instant OPENED = Instant.parse("2026-12-07T01:00:00Z");
  static final Instant NOW = OPENED.plus(Duration.ofMinutes(3));

  private NotifyFixtures() {}

  /** Four ranked suspects, {@code suspect} first with fault kind LATENCY. */
  static Incident incident(String id, IncidentStatus status, int version, String suspect) {
    List<Hypothesis> hypotheses = List.of(
        hypothesis(suspect, FaultKind.LATENCY, 0.62, List.of("frontend", "checkoutservice", "recommendationservice"), 0.8),
        hypothesis("recommendationservice", FaultKind.DEPENDENCY, 0.14, List.of("frontend"), 0.3),
        hypothesis("checkoutservice", FaultKind.DEPENDENCY, 0.09, List.of("frontend"), 0.2),
        hypothesis("frontend", FaultKind.DEPENDENCY, 0.05, List.of(), 1.0));
    Instant updated = OPENED.plus(Duration.ofMinutes(version));
    return Incident.newBuilder()
        .setId(id).setStatus(status).setVersion(version)
        .setOnset(OPENED.minusSeconds(15)).setOpenedAt(OPENED).setUpdatedAt(updated)
        .setResolvedAt(status == IncidentStatus.RESOLVED ? updated : null)
        .setTitle("latency in " + suspect)
        .setSymptoms(List.of(Symptom.newBuilder().setAnomalyId("a-" + id).setService(suspect).setSignal("red.latency.p90")
            .setKind(SignalKind.LATENCY).setOnset(OPENED).setScore(179.4).setObserved(181).setExpected(1.5).build()))
        .setHypotheses(hypotheses)
        .build();
  }

  static Hypothesis hypothesis(String service, FaultKind kind, double confidence, List<String> dependents, double share) {
    return Hypothesis.newBuilder()
        .setService(service).setFaultKind(kind).setConfidence(confidence).setScore(confidence * 5)
        .setEvidence(Evidence.newBuilder().setSummary("red.latency.p90 181 vs 1.50 expected (z 179.4) in " + service).build())
        .setBlastRadius(BlastRadius.newBuilder().setDependents(dependents).setEntryTrafficShare(share).build())
        .build();
  }

  static IncidentAck ack(String id, String by) {
    return IncidentAck.newBuilder().setIncidentId(id).setBy(by).setNote("rolling back").setTime(NOW).build();
  }

  static Silence silence(String id, String service, FaultKind kind, Instant until) {
    return Silence.newBuilder().setId(id).setService(service).setFaultKind(kind).setUntil(until).setBy("bob").setCreatedAt(NOW).build();
  }

  /** The record an incident came in, for the dead letters' source. */
  static ConsumerRecord<byte[], byte[]> record(String topic, long offset, String key) {
    return new ConsumerRecord<>(topic, 1, offset, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01});
  }
}
