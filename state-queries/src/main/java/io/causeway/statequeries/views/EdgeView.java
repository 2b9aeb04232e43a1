package io.causeway.statequeries.views;

import io.causeway.avro.DependencyEdge;

/** One edge as the API shows it: {@code caller}, {@code callee} and its figures; times in ISO-8601. */
public record EdgeView(
    String id,
    String caller,
    String callee,
    String kind,
    long calls,
    long errors,
    double callsPerSecond,
    double errorRatio,
    double latencyP50Ms,
    double latencyP90Ms,
    double latencyP99Ms,
    String windowStart,
    String windowEnd,
    String firstSeen,
    String lastSeen) {

  public static EdgeView of(DependencyEdge edge) {
    String caller = edge.getCaller().toString();
    String callee = edge.getCallee().toString();
    return new EdgeView(
        caller + "->" + callee, caller, callee, edge.getKind().name(),
        edge.getCalls(), edge.getErrors(),
        finite(edge.getCallsPerSecond()), finite(edge.getErrorRatio()),
        finite(edge.getLatencyP50Ms()), finite(edge.getLatencyP90Ms()), finite(edge.getLatencyP99Ms()),
        edge.getWindowStart().toString(), edge.getWindowEnd().toString(),
        edge.getFirstSeen().toString(), edge.getLastSeen().toString());
  }

  /** JSON has no NaN or infinity. */
  static double finite(double value) {
    return Double.isFinite(value) ? value : 0.0;
  }
}
