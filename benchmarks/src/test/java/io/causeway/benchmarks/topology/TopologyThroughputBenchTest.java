package io.causeway.benchmarks.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

class TopologyThroughputBenchTest {

  private static final Path DEPLOY_DIR = Path.of("..", "deploy", "flink");

  /** The benchmark measures the job as deployed: a checkpoint interval of its own would measure another job. */
  @Test
  void checkpointsAsOftenAsTheDeployedConfigSays() {
    Configuration deployed = GlobalConfiguration.loadConfiguration(DEPLOY_DIR.toString()); // as a session cluster reads it

    assertThat(deployed.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .contains(TimeUtils.parseDuration(TopologyThroughputBench.DEPLOYED_CHECKPOINT_INTERVAL));
  }
}
