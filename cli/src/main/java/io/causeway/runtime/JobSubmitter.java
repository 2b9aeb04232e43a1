package io.causeway.runtime;

import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.JobCheckpointing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Submits Causeway jobs to a Flink cluster through its REST endpoint (the embedded MiniCluster or
 * a real session cluster) and cancels them on close.
 */
public final class JobSubmitter implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobSubmitter.class);

  private final String host;
  private final int port;
  private final Map<String, String> jobConfig;
  private final String[] jobJars;
  private final List<JobClient> submitted = new ArrayList<>();

  public JobSubmitter(String host, int port, Map<String, String> jobConfig) {
    this(host, port, jobConfig, List.of());
  }

  /**
   * As above, shipping {@code jobJars} (the shaded job jar) with every job, for a cluster whose
   * classpath holds Flink alone, as a real session cluster's does.
   */
  public JobSubmitter(String host, int port, Map<String, String> jobConfig, List<java.nio.file.Path> jobJars) {
    this.host = host;
    this.port = port;
    this.jobConfig = Map.copyOf(jobConfig);
    this.jobJars = jobJars.stream().map(java.nio.file.Path::toString).toArray(String[]::new);
  }

  public JobClient submit(CausewayJob job) throws Exception {
    return submit(job, Map.of());
  }

  /** Submits {@code job} with {@code jobOnly} on top of the shared settings (its own checkpoint folder, say). */
  public JobClient submit(CausewayJob job, Map<String, String> jobOnly) throws Exception {
    Map<String, String> config = new HashMap<>(jobConfig);
    config.putAll(jobOnly);
    config.put("pipeline.name", "causeway-" + job.name());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(host, port, Configuration.fromMap(config), jobJars);
    JobCheckpointing.ensureEnabled(env, job.name());
    job.build(env);
    JobClient client = env.executeAsync("causeway-" + job.name());
    submitted.add(client);
    return client;
  }

  public List<JobClient> submitted() {
    return List.copyOf(submitted);
  }

  /** Cancels what this submitter started; jobs on a remote cluster are left alone if detached. */
  @Override
  public void close() {
    for (JobClient client : submitted) {
      try {
        client.cancel().get();
      } catch (Exception e) {
        // The job may already have finished or the cluster be gone: nothing left to cancel.
        LOG.info("job {} was not cancelled: {}", client.getJobID(), e.toString());
      }
    }
    submitted.clear();
  }
}
