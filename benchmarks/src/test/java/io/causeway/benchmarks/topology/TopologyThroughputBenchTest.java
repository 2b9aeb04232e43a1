package io.causeway.benchmarks.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyThroughputBenchTest {

  private static final Path DEPLOYED_CONFIG = Path.of("..", "deploy", "flink", "config.yaml");

  /** The benchmark measures the job as deployed: a checkpoint interval of its own would measure another job. */
  @Test
  void checkpointsAsOftenAsTheDeployedConfigSays() throws IOException {
    assertThat(checkpointIntervalIn(Files.readAllLines(DEPLOYED_CONFIG)))
        .isEqualTo(TopologyThroughputBench.DEPLOYED_CHECKPOINT_INTERVAL);
  }

  /** {@code execution: checkpointing: interval:} in Flink's nested YAML, comments left out. */
  private static String checkpointIntervalIn(List<String> yaml) {
    boolean inCheckpointing = false;
    for (String line : yaml) {
      String content = line.replaceFirst("#.*", "").stripTrailing();
      if (content.strip().equals("checkpointing:")) {
        inCheckpointing = true;
      } else if (inCheckpointing && content.strip().startsWith("interval:")) {
        return content.strip().substring("interval:".length()).strip();
      }
    }
    throw new AssertionError("no execution.checkpointing.interval in " + DEPLOYED_CONFIG);
  }
}
