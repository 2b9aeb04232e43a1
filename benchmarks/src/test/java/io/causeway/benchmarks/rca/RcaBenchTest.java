package io.causeway.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.jobs.CausewayOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RcaBenchTest {

  @Test
  void theReplayDeclaresIdlenessLaterThanTheJobsDefaultUnlessTold() {
    String key = CausewayOptions.IDLENESS.key();

    assertThat(RcaBench.withReplayDefaults(Map.of("causeway.correlation.settle", "30 s")))
        .containsEntry(key, RcaBench.REPLAY_IDLENESS)
        .containsEntry("causeway.correlation.settle", "30 s");
    assertThat(RcaBench.withReplayDefaults(Map.of(key, "5 s"))).containsEntry(key, "5 s");
  }
}
