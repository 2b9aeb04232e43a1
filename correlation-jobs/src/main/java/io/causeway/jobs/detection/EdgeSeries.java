package io.causeway.jobs.detection;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.schemas.EdgeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The series of one call edge, from its per-window RED figures on {@code topology.edges}: p90
 * latency, error ratio and call rate. They belong to the callee — the suspect when an edge
 * degrades — and their series ids name the edge, {@code caller->callee/edge.latency.p90}, so that
 * two callers of one service have two series and an anomaly says which edge it saw.
 *
 * <p>Latency and error ratio go up only (their kinds' detector settings); the call rate is judged
 * both ways as TRAFFIC, whose floor (a change of at least half the usual rate and of one call per
 * second) keeps near-idle edges quiet.
 */
final class EdgeSeries {

  static final String LATENCY_P90 = "edge.latency.p90";
  static final String ERROR_RATIO = "edge.error.ratio";
  static final String CALL_RATE = "edge.call.rate";

  /** Edge series that come as metrics ({@link EdgeMetrics}) rather than from traces. */
  private static final Set<String> SIGNALS = Set.of(LATENCY_P90, ERROR_RATIO, CALL_RATE, EdgeMetrics.LATENCY_P50);
  private static final String ARROW = "->";

  private EdgeSeries() {}

  /**
   * Calls a window needs for its latency p90 to be a p90: with fewer, it is the slowest call or
   * next to it, and one slow call on a quiet edge (a cold cache after a lull) reads as a fault.
   */
  static final int MIN_CALLS_FOR_P90 = 10;

  /**
   * One window of {@code edge} as points stamped with the window's end: the call rate always (a
   * drop must be seen), the error ratio only with at least {@code minCalls} calls, below which it
   * says too little, and the latency p90 only with at least {@link #MIN_CALLS_FOR_P90}.
   */
  static List<SeriesPoint> points(DependencyEdge edge, int minCalls) {
    String key = key(edge);
    String callee = edge.getCallee();
    long at = edge.getWindowEnd().toEpochMilli();
    List<SeriesPoint> points = new ArrayList<>(3);
    if (edge.getCalls() >= Math.max(minCalls, MIN_CALLS_FOR_P90)) {
      points.add(point(key, callee, LATENCY_P90, SignalKind.LATENCY, at, edge.getLatencyP90Ms()));
    }
    if (edge.getCalls() >= minCalls) {
      points.add(point(key, callee, ERROR_RATIO, SignalKind.ERRORS, at, edge.getErrorRatio()));
    }
    points.add(point(key, callee, CALL_RATE, SignalKind.TRAFFIC, at, edge.getCallsPerSecond()));
    return points;
  }

  /** The edge's key on {@code topology.edges}: {@code caller->callee}. */
  static String key(DependencyEdge edge) {
    return key(edge.getCaller(), edge.getCallee());
  }

  static String key(String caller, String callee) {
    return caller + ARROW + callee;
  }

  /**
   * {@code caller->callee} when {@code point} belongs to an edge series ({@code
   * caller->callee/signal}, perhaps with labels after it), else null.
   */
  static String edgeOf(SeriesPoint point) {
    String id = point.seriesId();
    int signalAt = id.indexOf("/" + point.signal());
    if (!SIGNALS.contains(point.signal()) || signalAt < 0) {
      return null;
    }
    String edge = id.substring(0, signalAt);
    return edge.contains(ARROW) ? edge : null;
  }

  private static SeriesPoint point(String edgeKey, String callee, String signal, SignalKind kind, long at, double value) {
    return new SeriesPoint(edgeKey + "/" + signal, callee, signal, kind.name(), at, value, null);
  }
}
