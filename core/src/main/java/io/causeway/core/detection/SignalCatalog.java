package io.causeway.core.detection;

import java.util.List;

/** What kind of signal a series is, and which detector settings judge it. */
public final class SignalCatalog {

  public static final String LATENCY_P90 = "red.latency.p90";
  public static final String ERROR_RATIO = "red.error.ratio";
  public static final String LOG_ERRORS = "log.errors";
  public static final String NEW_LOG_TEMPLATE = "log.new-template";
  /** The paths of a service's log lines within a trace changed: "after line A, line B no longer comes". */
  public static final String LOG_PATH_SHIFT = "log.path-shift";

  private SignalCatalog() {}

  /** Kind of a metric by its OpenTelemetry-style name. */
  public static String kindOfMetric(String metricName) {
    String name = metricName.toLowerCase(java.util.Locale.ROOT);
    if (name.contains("cpu") || name.contains("utilization") || name.contains("saturation")) {
      return "SATURATION";
    }
    if (name.contains("latency") || name.contains("duration")) {
      return "LATENCY";
    }
    if (name.contains("requests") || name.contains("workload") || name.contains("throughput")) {
      return "TRAFFIC";
    }
    if (name.contains("error")) {
      return "ERRORS";
    }
    return "RESOURCE";
  }

  /**
   * Whether a signal measures the service's calls to others (client-side latency, say): it moves
   * when a dependency is slow, so it is evidence about the dependencies more than the service.
   */
  public static boolean isClientSide(String signal) {
    String name = signal.toLowerCase(java.util.Locale.ROOT);
    return name.startsWith("client.") || name.contains(".client.") || name.contains("podclient");
  }

  /**
   * Whether an anomaly on this signal may open an incident by itself. Supporting signals may not:
   * client-side ones (they point at dependencies, which show their own signals); traffic (a rate
   * moves with load or when a caller fails, seldom because of the service it is counted on); and
   * generic resources (syscalls, bytes, memory in its own units), which move for many reasons and
   * mean something only beside a symptom; and a new log template, which says something is
   * different, not that something is wrong (a busy service's rare background error is new once);
   * and a tail quantile ({@link #isTailQuantile}). They still join an incident that opens.
   */
  public static boolean opensIncidents(String kind, String signal) {
    return !isClientSide(signal)
        && !isTailQuantile(signal)
        && !signal.equals(NEW_LOG_TEMPLATE)
        && !List.of("RESOURCE", "TRAFFIC", "UNKNOWN").contains(kind);
  }

  /**
   * Whether a signal is a 99th (or higher) percentile: over a one-minute window of a few hundred
   * requests it is the slowest two or three, so one slow request doubles it. A slow service moves
   * its p90 or median as well, which open the incident at the same time; a p99 alone opened only
   * incidents with no fault on both dev days (TrainTicket 3 of 4, among them both on the
   * fault-free window; Online Boutique's two with a fault had their p90 or CPU at the same onset).
   */
  public static boolean isTailQuantile(String signal) {
    return signal.toLowerCase(java.util.Locale.ROOT).contains("p99");
  }

  public static DetectorSettings settingsFor(String kind) {
    return switch (kind) {
      case "LATENCY" -> DetectorSettings.latency();
      case "ERRORS" -> DetectorSettings.errorRatio();
      case "SATURATION" -> DetectorSettings.saturation();
      case "LOG" -> DetectorSettings.counts();
      case "TRAFFIC" -> DetectorSettings.traffic();
      default -> DetectorSettings.resource();
    };
  }
}
