package io.causeway.ingest.sim;

import java.util.List;
import java.util.Optional;

/** What the configured faults do to their targets from their start time on. */
final class FaultModel {

  static final double LATENCY_FACTOR = 8.0;
  static final double LATENCY_ADDED_MILLIS = 150.0;
  static final double CPU_SLOWDOWN = 3.0;
  static final double ERRORS_RATE = 0.35;
  static final double BAD_DEPLOY_ERROR_RATE = 0.30;
  static final double CPU_MIN = 0.90;
  static final double CPU_MAX = 0.98;

  private final List<FaultSpec> faults;
  private final long startMicros;

  FaultModel(List<FaultSpec> faults, long startMicros) {
    this.faults = List.copyOf(faults);
    this.startMicros = startMicros;
  }

  boolean isActive(String service, FaultType type, long atMicros) {
    return atMicros >= startMicros
        && faults.stream().anyMatch(f -> f.type() == type && f.service().equals(service));
  }

  /** The service's own time at {@code atMicros}, given what it would be when healthy. */
  double serviceTimeMillis(String service, double healthyMillis, long atMicros, SeededRandom rng) {
    if (isActive(service, FaultType.LATENCY, atMicros)) {
      return healthyMillis * LATENCY_FACTOR + rng.lognormal(LATENCY_ADDED_MILLIS, 0.1);
    }
    if (isActive(service, FaultType.CPU, atMicros)) {
      return healthyMillis * CPU_SLOWDOWN;
    }
    return healthyMillis;
  }

  /** The cause of a failure injected at {@code atMicros}, if the fault makes this span fail. */
  Optional<ErrorCatalog.Cause> injectedFailure(String service, long atMicros, SeededRandom rng) {
    if (isActive(service, FaultType.ERRORS, atMicros) && rng.chance(ERRORS_RATE)) {
      return Optional.of(ErrorCatalog.Cause.INJECTED);
    }
    if (isActive(service, FaultType.BAD_DEPLOY, atMicros) && rng.chance(BAD_DEPLOY_ERROR_RATE)) {
      return Optional.of(ErrorCatalog.Cause.BAD_DEPLOY);
    }
    return Optional.empty();
  }

  /** Whether the fault saturates {@code service}'s CPU at {@code atMicros}. */
  boolean saturatesCpu(String service, long atMicros) {
    return isActive(service, FaultType.CPU, atMicros);
  }
}
