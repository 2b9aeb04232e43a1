package io.causeway.statequeries;

import io.causeway.avro.Anomaly;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Symptom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Named instants and records of every materialised topic, for tests. */
public final class Fixtures {

  public static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  public static final Instant T1 = T0.plus(Duration.ofMinutes(10));
  public static final Instant T2 = T0.plus(Duration.ofMinutes(20));
  public static final Instant T3 = T0.plus(Duration.ofMinutes(30));
  public static final Instant NOW = T0.plus(Duration.ofMinutes(40));

  private Fixtures() {}

  public static DependencyEdge edge(String caller, String callee, long calls, long errors, double p99, Instant seen) {
    return DependencyEdge.newBuilder()
        .setCaller(caller).setCallee(callee).setKind(EdgeKind.RPC)
        .setWindowStart(seen.minusSeconds(5)).setWindowEnd(seen)
        .setCalls(calls).setErrors(errors).setCallsPerSecond(calls / 5.0)
        .setErrorRatio(calls == 0 ? 0 : (double) errors / calls)
        .setLatencyP50Ms(p99 / 4).setLatencyP90Ms(p99 / 2).setLatencyP99Ms(p99)
        .setFirstSeen(T0).setLastSeen(seen)
        .build();
  }

  public static GraphDelta added(DependencyEdge edge, Instant time) {
    return delta(DeltaType.ADDED, edge.getCaller().toString(), edge.getCallee().toString(), time, null, edge, null);
  }

  public static GraphDelta changed(DependencyEdge before, DependencyEdge after, Instant time, String reason) {
    return delta(DeltaType.CHANGED, after.getCaller().toString(), after.getCallee().toString(), time, before, after, reason);
  }

  public static GraphDelta removed(DependencyEdge before, Instant time) {
    return delta(DeltaType.REMOVED, before.getCaller().toString(), before.getCallee().toString(), time, before, null, null);
  }

  private static GraphDelta delta(DeltaType type, String caller, String callee, Instant time, DependencyEdge before,
      DependencyEdge after, String reason) {
    return GraphDelta.newBuilder().setChange(type).setCaller(caller).setCallee(callee).setTime(time)
        .setBefore(before).setAfter(after).setReason(reason).build();
  }

  public static Anomaly anomaly(String id, String service, Instant onset, Instant detectedAt) {
    return Anomaly.newBuilder()
        .setId(id).setService(service).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
        .setOnset(onset).setDetectedAt(detectedAt).setScore(12.5).setObserved(181).setExpected(1.5)
        .build();
  }

  public static ChangeEvent change(String id, String service, Instant at) {
    return ChangeEvent.newBuilder()
        .setId(id).setService(service).setType(ChangeType.DEPLOY).setTimestamp(at)
        .setVersion("v2").setAuthor("ci").setDescription("deploy v2").setSource("test")
        .build();
  }

  public static Incident incident(String id, IncidentStatus status, int version, Instant openedAt, Instant updatedAt, String suspect) {
    Symptom symptom = Symptom.newBuilder()
        .setAnomalyId("a-" + id).setService(suspect).setSignal("red.latency.p90").setKind(SignalKind.LATENCY)
        .setOnset(openedAt).setScore(12.5).setObserved(181).setExpected(1.5).build();
    Hypothesis hypothesis = Hypothesis.newBuilder()
        .setService(suspect).setFaultKind(FaultKind.LATENCY).setConfidence(0.62).setScore(3.1)
        .setEvidence(Evidence.newBuilder().setSummary("latency in " + suspect).build())
        .setBlastRadius(BlastRadius.newBuilder().setDependents(List.of("frontend")).setEntryTrafficShare(0.5).build())
        .build();
    return Incident.newBuilder()
        .setId(id).setStatus(status).setVersion(version)
        .setOnset(openedAt).setOpenedAt(openedAt).setUpdatedAt(updatedAt)
        .setResolvedAt(status == IncidentStatus.RESOLVED ? updatedAt : null)
        .setTitle("latency in " + suspect)
        .setSymptoms(List.of(symptom)).setHypotheses(List.of(hypothesis))
        .build();
  }

  public static IncidentMemory memory(String fingerprint, String cause) {
    return IncidentMemory.newBuilder().setFingerprint(fingerprint).setConfirmedCause(cause)
        .setFaultKind(FaultKind.LATENCY).setResolutionNotes(List.of("rolled back"))
        .setIncidentIds(List.of("inc-1")).setOccurrences(1).setLastSeen(T1).build();
  }
}
