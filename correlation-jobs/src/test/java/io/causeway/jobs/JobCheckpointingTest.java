package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** A job checkpoints exactly once by itself when nothing configured it, and keeps what was configured. */
class JobCheckpointingTest {

  @Test
  void aJobOnAClusterWithoutCheckpointingSetsItsOwn() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());

    assertThat(JobCheckpointing.ensureEnabled(env, "topology")).isTrue();

    assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
    assertThat(env.getCheckpointInterval()).isEqualTo(JobCheckpointing.DEFAULT_INTERVAL.toMillis());
    assertThat(env.getCheckpointConfig().getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
  }

  @Test
  void aConfiguredIntervalIsKept() {
    Configuration config = new Configuration();
    config.setString("execution.checkpointing.interval", "2 s");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

    assertThat(JobCheckpointing.ensureEnabled(env, "topology")).isFalse();

    assertThat(env.getCheckpointInterval()).isEqualTo(2_000);
  }
}
