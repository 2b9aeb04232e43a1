package io.causeway.runtime;

import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.ClusterEntryPoint;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.otlp.OtlpOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The embedded default: a real KRaft broker, the contract topics (and the OTLP topics when {@code
 * causeway.otlp.enabled}), a Flink MiniCluster with RocksDB and checkpoints, and the three jobs
 * running on it. Closing it stops all of them.
 */
public final class CausewayRuntime implements AutoCloseable {

  /** Partitions of each OTLP topic the embedded broker creates, as many as the telemetry topics. */
  public static final int OTLP_PARTITIONS = 4;

  private final EmbeddedKafka kafka;
  private final EmbeddedFlink flink;
  private final JobSubmitter jobs;

  private CausewayRuntime(EmbeddedKafka kafka, EmbeddedFlink flink, JobSubmitter jobs) {
    this.kafka = kafka;
    this.flink = flink;
    this.jobs = jobs;
  }

  /**
   * Starts everything under {@code workDir}; {@code overrides} are job options such as {@code
   * causeway.correlation.settle}.
   */
  public static CausewayRuntime start(Path workDir, Map<String, String> overrides) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    EmbeddedFlink flink = null;
    try {
      TopicSetup topics = new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30));
      topics.ensureTopics(TopicNames.defaults(), (short) 1);
      flink = EmbeddedFlink.start(workDir.resolve("flink"), 8);
      Map<String, String> config = new HashMap<>(flink.jobDefaults());
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
      config.putAll(overrides);
      JobSubmitter jobs = new JobSubmitter(flink.restHost(), flink.restPort(), config);
      JobSettings settings = JobSettings.from(Configuration.fromMap(config));
      if (settings.get(OtlpOptions.ENABLED)) {
        topics.ensureTopics(List.of(settings.get(OtlpOptions.SPANS_TOPIC), settings.get(OtlpOptions.METRICS_TOPIC), settings.get(OtlpOptions.LOGS_TOPIC)), OTLP_PARTITIONS, (short) 1);
      }
      for (String name : ClusterEntryPoint.allNames()) {
        CausewayJob job = ClusterEntryPoint.jobNamed(name, settings);
        jobs.submit(job);
      }
      return new CausewayRuntime(kafka, flink, jobs);
    } catch (Exception e) {
      if (flink != null) {
        flink.close();
      }
      kafka.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String flinkWebUrl() {
    return "http://" + flink.restHost() + ":" + flink.restPort();
  }

  @Override
  public void close() throws Exception {
    jobs.close();
    flink.close();
    kafka.close();
  }
}
