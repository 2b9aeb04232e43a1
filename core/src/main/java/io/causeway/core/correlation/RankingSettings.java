package io.causeway.core.correlation;

import java.io.Serializable;
import java.time.Duration;

/**
 * Weights of the first ranking rules. Each factor multiplies a candidate's score; the names in
 * {@link CauseRanker} say what each one means.
 *
 * @param explainedPenalty factor for a candidate whose own dependencies are anomalous too, at least
 *     as strongly as it is (weaker ones lower it in proportion)
 * @param callerSupport added per anomalous (transitive) caller, up to {@code maxCallerSupport}
 * @param changeBoost factor for a deploy/config/flag/rollback change on the candidate
 * @param changeLookback how long before the incident's onset a change still counts
 * @param saturationBoost factor for a candidate with a saturation or resource anomaly
 * @param onsetHalfLife a candidate whose onset trails the first onset by this loses half
 * @param minConfidence below this, the incident says it has no confident cause
 * @param edgeAttribution whether a slowed edge's latency is charged to where it entered (see {@link EdgeAttribution})
 * @param minSlowEdgesAtCaller slowed edges out of a caller from which a callee slowed for it alone is not blamed
 * @param calibration maps the raw confidence to a calibrated one (identity: off)
 */
public record RankingSettings(
    double explainedPenalty,
    double callerSupport,
    int maxCallerSupport,
    double changeBoost,
    Duration changeLookback,
    double saturationBoost,
    Duration onsetHalfLife,
    double minConfidence,
    boolean edgeAttribution,
    int minSlowEdgesAtCaller,
    ConfidenceCalibration calibration)
    implements Serializable {

  /** Defaults: a caller slowed on two edges or more (one in and one out, say) takes its callees' lone slowed edges. */
  public static final int DEFAULT_MIN_SLOW_EDGES_AT_CALLER = 2;

  public static RankingSettings defaults() {
    return new RankingSettings(
        0.25, 0.5, 4, 2.0, Duration.ofMinutes(15), 1.5, Duration.ofMinutes(2), 0.35, true, DEFAULT_MIN_SLOW_EDGES_AT_CALLER, ConfidenceCalibration.IDENTITY);
  }

  /** As these, the rules before edge attribution (for comparison). */
  public RankingSettings withEdgeAttribution(boolean on, int minSlowEdges) {
    return new RankingSettings(explainedPenalty, callerSupport, maxCallerSupport, changeBoost, changeLookback, saturationBoost, onsetHalfLife,
        minConfidence, on, minSlowEdges, calibration);
  }
}
