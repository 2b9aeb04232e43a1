package io.causeway.ingest.sim;

import java.time.Duration;
import java.time.Instant;

/** Named instants and runs shared by the simulator tests. */
final class SimulatorFixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration WARM_UP = Duration.ofSeconds(60);
  static final Instant FAULT_START = T0.plus(WARM_UP);

  private SimulatorFixtures() {}

  static SimulatorConfig.Builder config(long seed) {
    return SimulatorConfig.builder().seed(seed).start(T0).faultAfter(WARM_UP);
  }

  static InMemoryTelemetrySink run(SimulatorConfig config, Duration simulated) {
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    new Simulator(config, sink).advance(simulated);
    return sink;
  }

  static InMemoryTelemetrySink runWithFault(String fault, Duration simulated) {
    return run(config(7).fault(FaultSpec.parse(fault)).build(), simulated);
  }
}
