package io.causeway.core.detection;

/**
 * What the detector concluded about one point.
 *
 * @param verdict what happened
 * @param onsetMillis when the anomaly began (its first anomalous point), for CONFIRMED/ONGOING
 * @param score robust z-score of this point (peak score of the run for CONFIRMED/ONGOING)
 * @param observed this point's value
 * @param expected the baseline median the point was judged against
 */
public record Judgement(
    Verdict verdict, long onsetMillis, double score, double observed, double expected) {

  public enum Verdict {
    /** Not enough history yet. */
    WARMING_UP,
    NORMAL,
    /** Anomalous, but not yet for long enough to tell anyone. */
    SUSPECT,
    /** Just passed the persistence rule: report it. */
    CONFIRMED,
    /** Still anomalous after being confirmed. */
    ONGOING,
    /** A confirmed anomaly has returned to normal. */
    RECOVERED
  }

  public boolean isReportable() {
    return verdict == Verdict.CONFIRMED || verdict == Verdict.ONGOING;
  }
}
