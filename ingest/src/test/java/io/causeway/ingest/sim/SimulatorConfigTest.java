package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  @Test
  void defaultsToTwentyRequestsPerSecondAFaultAfterNinetySecondsAndRealTime() {
    SimulatorConfig config = SimulatorConfig.builder().start(T0).build();

    assertThat(config.requestsPerSecond()).isEqualTo(20.0);
    assertThat(config.faultAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.speed()).isEqualTo(1.0);
    assertThat(config.metricInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.fault()).isEmpty();
  }

  @Test
  void keepsTheFault() {
    SimulatorConfig config =
        SimulatorConfig.builder().start(T0).fault(FaultSpec.parse("adservice:cpu")).build();

    assertThat(config.fault()).contains(new FaultSpec("adservice", FaultType.CPU));
  }

  @Test
  void keepsFurtherFaultsThatBeginWithTheMainOne() {
    SimulatorConfig config = SimulatorConfig.builder().start(T0)
        .fault(FaultSpec.parse("productcatalogservice:latency"))
        .alsoFault(FaultSpec.parse("paymentservice:errors"))
        .build();

    assertThat(config.faults()).extracting(FaultSpec::service).containsExactly("productcatalogservice", "paymentservice");
    assertThat(SimulatorConfig.builder().start(T0).build().faults()).isEmpty();
  }

  @Test
  void requiresAStartInstantAndSaysWhichToPass() {
    assertThatThrownBy(() -> SimulatorConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start is required")
        .hasMessageContaining("fixed Instant");
  }

  @Test
  void rejectsNonPositiveOrMissingRates() {
    assertThatThrownBy(() -> SimulatorConfig.builder().start(T0).requestsPerSecond(0).build())
        .hasMessageContaining("requestsPerSecond must be in (0, ");
    assertThatThrownBy(
            () -> SimulatorConfig.builder().start(T0).requestsPerSecond(Double.NaN).build())
        .hasMessageContaining("requestsPerSecond");
  }

  @Test
  void rejectsNegativeFaultAfter() {
    assertThatThrownBy(
            () -> SimulatorConfig.builder().start(T0).faultAfter(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("faultAfter must be zero or positive");
  }

  @Test
  void rejectsSpeedsThatCannotPace() {
    assertThatThrownBy(() -> SimulatorConfig.builder().start(T0).speed(0).build())
        .hasMessageContaining("speed");
    assertThatThrownBy(
            () -> SimulatorConfig.builder().start(T0).speed(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("Simulator.advance");
  }

  @Test
  void rejectsMetricIntervalsOutsideOneHundredMillisToAnHour() {
    assertThatThrownBy(
            () ->
                SimulatorConfig.builder()
                    .start(T0)
                    .metricInterval(Duration.ofMillis(10))
                    .build())
        .hasMessageContaining("metricInterval must be between 100ms and 1h");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> SimulatorConfig.builder().requestsPerSecond(-5).speed(-1).build())
        .hasMessageContaining("requestsPerSecond")
        .hasMessageContaining("start is required")
        .hasMessageContaining("speed");
  }
}
