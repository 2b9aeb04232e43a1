package io.causeway.statequeries.query;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;

/** What an incident listing shows of each incident; the full snapshot is one request away. */
public record IncidentSummary(
    String id,
    String status,
    int version,
    String title,
    String onset,
    String openedAt,
    String updatedAt,
    String resolvedAt,
    int symptoms,
    boolean noConfidentCause,
    Suspect topSuspect) {

  /** The best-ranked hypothesis. */
  public record Suspect(String service, String faultKind, double confidence) {}

  public static IncidentSummary of(Incident incident) {
    Suspect top = null;
    if (!incident.getHypotheses().isEmpty()) {
      Hypothesis best = incident.getHypotheses().get(0);
      top = new Suspect(best.getService().toString(), best.getFaultKind().name(),
          Double.isFinite(best.getConfidence()) ? best.getConfidence() : 0.0);
    }
    return new IncidentSummary(
        incident.getId().toString(), incident.getStatus().name(), incident.getVersion(),
        incident.getTitle().toString(), incident.getOnset().toString(), incident.getOpenedAt().toString(),
        incident.getUpdatedAt().toString(),
        incident.getResolvedAt() == null ? null : incident.getResolvedAt().toString(),
        incident.getSymptoms().size(), incident.getNoConfidentCause(), top);
  }
}
