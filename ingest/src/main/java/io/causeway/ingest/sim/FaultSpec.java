package io.causeway.ingest.sim;

import java.util.Locale;

/**
 * Which service to break and how, written {@code SERVICE:KIND} on the command line, e.g. {@code
 * productcatalogservice:latency}.
 */
public record FaultSpec(String service, FaultType type) {

  public FaultSpec {
    if (service == null || !OnlineBoutique.faultTargets().contains(service)) {
      throw new IllegalArgumentException(targetProblem(service) + "; " + usage());
    }
    if (type == null) {
      throw new IllegalArgumentException("missing fault kind; " + usage());
    }
  }

  /** Parses {@code SERVICE:KIND}; throws IllegalArgumentException listing the valid values. */
  public static FaultSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty fault; " + usage());
    }
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("invalid fault '" + text + "'; " + usage());
    }
    String service = parts[0].trim().toLowerCase(Locale.ROOT);
    FaultType type;
    try {
      type = FaultType.parse(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid fault '" + text + "': unknown kind '" + parts[1].trim() + "'; " + usage(), e);
    }
    return new FaultSpec(service, type);
  }

  private static String targetProblem(String service) {
    if (OnlineBoutique.REDIS_CART.equals(service)) {
      return "redis-cart cannot be a fault target: it emits no telemetry of its own"
          + " (break cartservice instead)";
    }
    return "unknown fault target service '" + service + "'";
  }

  private static String usage() {
    return "expected SERVICE:KIND where SERVICE is one of "
        + String.join(", ", OnlineBoutique.faultTargets())
        + " and KIND is one of "
        + String.join(", ", FaultType.labels());
  }

  /** The command-line form, e.g. {@code productcatalogservice:latency}. */
  @Override
  public String toString() {
    return service + ":" + type.label();
  }
}
