package io.causeway.core.detection;

import java.io.Serializable;

/**
 * How one kind of series is judged.
 *
 * @param baselineSize points kept for the robust baseline (the state is this many doubles)
 * @param minBaseline points needed before anything is judged
 * @param threshold robust z-score (MAD-scaled) a point must exceed
 * @param minRelativeChange the point must also differ from the median by this share of it
 * @param minAbsoluteChange ... and by at least this much in the series' own unit
 * @param persistence consecutive anomalous points before an anomaly is confirmed
 * @param recovery consecutive normal points before a confirmed anomaly is over
 * @param acceptAfter points after which a persisting level is accepted as the new normal
 * @param direction which deviations count
 */
public record DetectorSettings(
    int baselineSize,
    int minBaseline,
    double threshold,
    double minRelativeChange,
    double minAbsoluteChange,
    int persistence,
    int recovery,
    int acceptAfter,
    Direction direction)
    implements Serializable {

  public DetectorSettings {
    require(baselineSize >= minBaseline && minBaseline >= 3, "baselineSize >= minBaseline >= 3");
    require(threshold > 0, "threshold > 0");
    require(persistence >= 1 && recovery >= 1, "persistence and recovery >= 1");
    require(acceptAfter > persistence, "acceptAfter > persistence");
  }

  /** Latency in milliseconds: up only, at least 50% and 5 ms above normal. */
  public static DetectorSettings latency() {
    return new DetectorSettings(60, 8, 5.0, 0.5, 5.0, 3, 3, 120, Direction.UP);
  }

  /** Error ratio in [0,1]: up only, at least 5 points of percentage above normal. */
  public static DetectorSettings errorRatio() {
    return new DetectorSettings(60, 8, 5.0, 0.0, 0.05, 3, 3, 120, Direction.UP);
  }

  /** Utilisation in [0,1]: up only, at least 15 points above normal. */
  public static DetectorSettings saturation() {
    return new DetectorSettings(60, 8, 5.0, 0.2, 0.15, 3, 3, 120, Direction.UP);
  }

  /**
   * Counts per window (error log lines): up only, at least 3 times and 4 above normal, twice in a
   * row. Error lines are sparse: a service that logs none normally and four a window for a minute
   * is news, and four windows of history are enough to say so.
   */
  public static DetectorSettings counts() {
    return new DetectorSettings(60, 4, 4.0, 2.0, 4.0, 2, 3, 120, Direction.UP);
  }

  /**
   * Request rates in 1/s: both ways (a drop in traffic matters as much as a surge), at least half
   * off and by one request per second, so that a near-idle series going from 0.1 to 0.3 is quiet.
   */
  public static DetectorSettings traffic() {
    return new DetectorSettings(60, 8, 6.0, 0.5, 1.0, 3, 3, 120, Direction.BOTH);
  }

  /** Resources such as memory: both ways, at least 30% off. */
  public static DetectorSettings resource() {
    return new DetectorSettings(60, 8, 6.0, 0.3, 0.0, 3, 3, 120, Direction.BOTH);
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("invalid detector settings: " + rule);
    }
  }
}
