package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./causeway run} does across restarts: a job checkpoints into its own folder, keeps the
 * last checkpoint when it is stopped, and the next cluster started on the same folder resumes the
 * job from it.
 */
class CheckpointResumeITCase {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path workDir;

  @Test
  void aJobStoppedAndStartedAgainResumesFromItsLastCheckpoint() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      RetainedCheckpoints checkpoints = new RetainedCheckpoints(workDir.resolve("run/checkpoints/topology"));

      assertThat(checkpoints.jobSettings()).doesNotContainKey(RetainedCheckpoints.RECOVERY_PATH);
      runTopology(kafka, checkpoints, (rest, jobId) -> waitFor(() -> checkpoints.newest().isPresent()));
      Path retained = checkpoints.newest().orElseThrow();

      Optional<String> restoredFrom = runTopology(kafka, checkpoints, (rest, jobId) -> {
        waitFor(() -> rest.restoredFrom(jobId).isPresent());
        return rest.restoredFrom(jobId);
      });

      assertThat(restoredFrom).hasValueSatisfying(path -> assertThat(path).endsWith(retained.getFileName().toString()));
    }
  }

  /** One run of the topology job on a fresh MiniCluster over the same work folder, as one {@code run} would. */
  private <T> T runTopology(EmbeddedKafka kafka, RetainedCheckpoints checkpoints, WhileRunning<T> check) throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(workDir.resolve("run"), 2)) {
      Map<String, String> config = new HashMap<>(flink.jobDefaults());
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
      config.put("parallelism.default", "1");
      try (JobSubmitter jobs = new JobSubmitter(flink.restHost(), flink.restPort(), config)) {
        JobClient job = jobs.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(config))), checkpoints.jobSettings());
        return check.apply(new FlinkRest("http://" + flink.restHost() + ":" + flink.restPort()), job.getJobID().toString());
      }
    }
  }

  private interface WhileRunning<T> {
    T apply(FlinkRest rest, String jobId) throws Exception;
  }

  private static boolean waitFor(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not within " + PATIENCE);
  }
}
