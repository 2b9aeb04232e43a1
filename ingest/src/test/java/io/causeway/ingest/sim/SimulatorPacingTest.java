package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.T0;
import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SimulatorPacingTest {

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void runPacedStopsWhenToldAfterGeneratingAdvancingEventTime() {
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    Simulator simulator = new Simulator(config(1).speed(200).build(), sink);
    AtomicInteger ticks = new AtomicInteger();

    simulator.runPaced(() -> ticks.incrementAndGet() <= 50);

    assertThat(simulator.now()).isEqualTo(T0.plusSeconds(5));
    assertThat(sink.flushes()).isEqualTo(50);
    Instant first = sink.spans().stream().map(Span::getStartTime).min(Comparator.naturalOrder())
        .orElseThrow();
    Instant last = sink.spans().stream().map(Span::getStartTime).max(Comparator.naturalOrder())
        .orElseThrow();
    assertThat(first).isBefore(T0.plusMillis(500));
    assertThat(last).isAfter(T0.plusMillis(4500));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void runPacedTakesAtLeastTheWallTimeTheSpeedAllows() {
    Simulator simulator = new Simulator(config(1).speed(20).build(), new InMemoryTelemetrySink());
    AtomicInteger ticks = new AtomicInteger();
    long began = System.nanoTime();

    simulator.runPaced(() -> ticks.incrementAndGet() <= 10);

    // 10 ticks of 100 ms at 20x: one simulated second in at least 50 ms of wall time
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began))
        .isGreaterThanOrEqualTo(50);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void runPacedReturnsWhenInterruptedAndKeepsTheFlag() {
    Simulator simulator = new Simulator(config(1).speed(0.01).build(), new InMemoryTelemetrySink());
    Thread.currentThread().interrupt();

    simulator.runPaced(() -> true);

    assertThat(Thread.interrupted()).isTrue();
    assertThat(simulator.now()).isEqualTo(T0.plus(Simulator.TICK));
  }
}
