package io.causeway.runtime;

import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.ingest.sim.TelemetrySink;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Paced demo traffic in phases on one simulated clock: healthy, or with a fault that begins a
 * little into its phase, so that a test can make faults come and go (an incident opens, then
 * resolves once its fault is gone). Each phase is a new simulator that starts where the last one
 * stopped, with its own seed (so trace ids never repeat; its pods get new names, as after a rollout).
 */
final class PhasedTraffic implements AutoCloseable {

  private final TelemetrySink sink;
  private final double speed;
  private long seed = 7;
  private Instant now;
  private Simulator simulator;
  private AtomicBoolean running;
  private Thread thread;

  PhasedTraffic(TelemetrySink sink, Instant start, double speed) {
    this.sink = sink;
    this.now = start;
    this.speed = speed;
  }

  /** Ends the current phase and starts one in which {@code fault} begins {@code after} in. */
  void fault(FaultSpec fault, Duration after) throws InterruptedException {
    start(SimulatorConfig.builder().fault(fault).faultAfter(after));
  }

  /** Ends the current phase and starts one with no fault. */
  void healthy() throws InterruptedException {
    start(SimulatorConfig.builder());
  }

  /** The simulated present of the current phase. */
  Instant now() {
    return simulator == null ? now : simulator.now();
  }

  private void start(SimulatorConfig.Builder phase) throws InterruptedException {
    stop();
    simulator = new Simulator(phase.seed(seed++).requestsPerSecond(20).speed(speed).start(now).build(), sink);
    running = new AtomicBoolean(true);
    Simulator current = simulator;
    AtomicBoolean keepRunning = running;
    thread = new Thread(() -> current.runPaced(keepRunning::get), "test-traffic-" + seed);
    thread.start();
  }

  private void stop() throws InterruptedException {
    if (thread == null) {
      return;
    }
    running.set(false);
    thread.join(30_000);
    now = simulator.now();
    thread = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
