package io.causeway.jobs;

import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpointing every Causeway job needs: its incidents and graph are written in Kafka
 * transactions that commit on checkpoints, and its offsets are committed there too. Without
 * checkpoints nothing would ever be committed, so a job on a cluster that sets none sets its own,
 * and says so, rather than let exactly-once silently depend on the cluster's config.
 */
public final class JobCheckpointing {

  /** Often enough that results are committed within seconds, rarely enough to cost little. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JobCheckpointing.class);

  private JobCheckpointing() {}

  /** Enables exactly-once checkpoints every {@link #DEFAULT_INTERVAL} unless the cluster or job config set an interval; true if it did. */
  public static boolean ensureEnabled(StreamExecutionEnvironment env, String jobName) {
    if (env.getCheckpointConfig().isCheckpointingEnabled()) {
      return false;
    }
    env.enableCheckpointing(DEFAULT_INTERVAL.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    LOG.warn("causeway-{}: no checkpointing configured (execution.checkpointing.interval); the job checkpoints every {} s itself,"
            + " exactly once, since its Kafka transactions and offsets commit only on checkpoints",
        jobName, DEFAULT_INTERVAL.toSeconds());
    return true;
  }
}
