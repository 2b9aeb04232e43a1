package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.FAULT_START;
import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static io.causeway.ingest.sim.SimulatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatorDeterminismTest {

  private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

  @Test
  void sameSeedGivesIdenticalRecords() {
    SimulatorConfig config = config(11).fault(FaultSpec.parse("cartservice:bad-deploy")).build();

    InMemoryTelemetrySink first = run(config, TWO_MINUTES);
    InMemoryTelemetrySink second = run(config, TWO_MINUTES);

    assertThat(first.spans()).isNotEmpty().isEqualTo(second.spans());
    assertThat(first.metrics()).isNotEmpty().isEqualTo(second.metrics());
    assertThat(first.logs()).isNotEmpty().isEqualTo(second.logs());
    assertThat(first.changes()).hasSize(2).isEqualTo(second.changes());
  }

  @Test
  void differentSeedsGiveDifferentRecords() {
    InMemoryTelemetrySink first = run(config(11).build(), Duration.ofSeconds(10));
    InMemoryTelemetrySink second = run(config(12).build(), Duration.ofSeconds(10));

    assertThat(first.spans()).isNotEqualTo(second.spans());
    assertThat(first.metrics()).isNotEqualTo(second.metrics());
    assertThat(first.logs()).isNotEqualTo(second.logs());
  }

  @Test
  void outputDoesNotDependOnHowTimeIsAdvanced() {
    SimulatorConfig config = config(3).build();
    InMemoryTelemetrySink inSteps = new InMemoryTelemetrySink();
    Simulator simulator = new Simulator(config, inSteps);
    for (int i = 0; i < 300; i++) {
      simulator.advance(Duration.ofMillis(97));
    }
    simulator.advance(Duration.ofMillis(900));

    InMemoryTelemetrySink atOnce = run(config, Duration.ofSeconds(30));

    assertThat(inSteps.spans()).isEqualTo(atOnce.spans());
    assertThat(inSteps.metrics()).isEqualTo(atOnce.metrics());
    assertThat(inSteps.logs()).isEqualTo(atOnce.logs());
    assertThat(simulator.now()).isEqualTo(SimulatorFixtures.T0.plusSeconds(30));
  }

  @Test
  void aFaultChangesNothingBeforeItStarts() {
    InMemoryTelemetrySink healthy = run(config(5).build(), TWO_MINUTES);
    InMemoryTelemetrySink faulty =
        run(config(5).fault(FaultSpec.parse("currencyservice:latency")).build(), TWO_MINUTES);

    Set<String> tracesTouchingTheFault =
        faulty.spans().stream()
            .filter(s -> !s.getStartTime().isBefore(FAULT_START))
            .map(Span::getTraceId)
            .collect(Collectors.toSet());

    assertThat(earlyTraces(faulty.spans(), tracesTouchingTheFault))
        .hasSizeGreaterThan(10_000)
        .isEqualTo(earlyTraces(healthy.spans(), tracesTouchingTheFault));
  }

  private static List<Span> earlyTraces(List<Span> spans, Set<String> excluded) {
    return spans.stream()
        .filter(s -> s.getStartTime().isBefore(FAULT_START))
        .filter(s -> !excluded.contains(s.getTraceId()))
        .toList();
  }
}
