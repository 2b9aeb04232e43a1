package io.causeway.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeScheduleTest {

  @ParameterizedTest
  @MethodSource("io.causeway.ingest.sim.OnlineBoutique#faultTargets")
  void harmlessChangeNeverLandsOnTheTargetOrItsNeighbours(String target) {
    String benign =
        ChangeSchedule.benignTarget(Optional.of(new FaultSpec(target, FaultType.LATENCY)));

    assertThat(benign).isNotEqualTo(target);
    assertThat(OnlineBoutique.callers(target)).doesNotContain(benign);
    assertThat(OnlineBoutique.callees(target)).doesNotContain(benign);
  }
}
