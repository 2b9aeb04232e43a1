package io.causeway.launcher;

import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.ClusterEntryPoint;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.otlp.OtlpOptions;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.EmbeddedFlink;
import io.causeway.runtime.JobSubmitter;
import io.causeway.runtime.RetainedCheckpoints;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the three jobs against an existing Kafka, on a Flink cluster or an embedded MiniCluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the jobs against your Kafka: on the Flink cluster given by --jobmanager, else on an embedded MiniCluster until Ctrl-C.")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers to read telemetry from and write results to.")
  String bootstrapServers;

  @Option(names = "--jobmanager", paramLabel = "HOST:PORT", description = "REST address of a Flink session cluster to submit the jobs to (detached).")
  String jobManager;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Put this before every default topic name.")
  String topicPrefix;

  @Option(names = "--create-topics", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Create missing topics (default: ${DEFAULT-VALUE}).")
  boolean createTopics;

  @Option(names = "--replication-factor", defaultValue = "3", description = "Replication of topics it creates (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Option(names = "--connect-timeout", defaultValue = "15s", converter = DurationConverter.class,
      description = "How long to wait for the brokers to answer (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Without --jobmanager: where the embedded cluster keeps its checkpoints and RocksDB files across runs (default: .causeway/run).")
  Path workDir;

  @Option(names = "--resume", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Without --jobmanager: resume each job from its newest checkpoint in --work-dir (default: ${DEFAULT-VALUE}); --no-resume starts afresh.")
  boolean resume;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any Causeway or Flink option, e.g. -D causeway.window=10s.")
  Map<String, String> options = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> config = new HashMap<>(options);
    KafkaClientConfig client = kafkaClientConfig(config);
    config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
    config.put(CausewayOptions.TOPIC_PREFIX.key(), topicPrefix);
    JobSettings settings = JobSettings.from(Configuration.fromMap(config));
    // Built before anything starts, so a bad option or policy file is refused with nothing half submitted.
    List<CausewayJob> jobs = ClusterEntryPoint.allNames().stream().map(name -> ClusterEntryPoint.jobNamed(name, settings)).toList();
    TopicSetup topics = new TopicSetup(bootstrapServers, client, connectTimeout);
    topics.checkReachable();
    if (createTopics) {
      List<String> created = topics.ensureTopics(TopicNames.withPrefix(topicPrefix), replicationFactor);
      System.err.println("causeway run: created topics " + created);
    }
    if (createTopics && settings.get(OtlpOptions.ENABLED)) {
      List<String> otlpTopics = List.of(settings.get(OtlpOptions.SPANS_TOPIC), settings.get(OtlpOptions.METRICS_TOPIC), settings.get(OtlpOptions.LOGS_TOPIC));
      System.err.println("causeway run: created OTLP topics " + topics.ensureTopics(otlpTopics, 4, replicationFactor));
    }
    return jobManager != null ? submitToCluster(config, jobs) : runEmbedded(config, jobs);
  }

  /**
   * The environment's Kafka client settings with this command's own {@code -D} ones on top, put back
   * into the jobs' options inline: a file named here may not exist where the jobs run.
   */
  private static KafkaClientConfig kafkaClientConfig(Map<String, String> config) {
    KafkaClientConfig client = KafkaClientConfig.fromEnvironment().overriddenBy(KafkaClientConfig.fromOptions(config));
    config.remove(KafkaClientConfig.FILE_OPTION);
    config.putAll(client.asOptions());
    if (!client.isEmpty()) {
      System.err.println("causeway run: Kafka clients with " + client.describe());
    }
    return client;
  }

  private int submitToCluster(Map<String, String> config, List<CausewayJob> jobs) throws Exception {
    String[] hostPort = jobManager.split(":", 2);
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--jobmanager must be HOST:PORT, not " + jobManager);
    }
    JobSubmitter submitter = new JobSubmitter(hostPort[0], Integer.parseInt(hostPort[1]), config);
    for (CausewayJob job : jobs) {
      JobClient client = submitter.submit(job);
      System.err.printf("causeway run: submitted %s as job %s%n", job.name(), client.getJobID());
    }
    return 0;
  }

  private int runEmbedded(Map<String, String> config, List<CausewayJob> jobs) throws Exception {
    Path dir = workDir != null ? workDir : defaultWorkDir();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "causeway-shutdown"));
    try (EmbeddedFlink flink = EmbeddedFlink.start(dir, 8)) {
      Map<String, String> jobConfig = new HashMap<>(flink.jobDefaults());
      jobConfig.putAll(config);
      try (JobSubmitter submitter = new JobSubmitter(flink.restHost(), flink.restPort(), jobConfig)) {
        for (CausewayJob job : jobs) {
          submitter.submit(job, checkpointSettings(dir, job));
        }
        System.err.printf("causeway run: jobs running on an embedded MiniCluster (UI http://%s:%d); Ctrl-C stops them%n",
            flink.restHost(), flink.restPort());
        stop.await();
      }
    }
    return 0;
  }

  /**
   * Each job checkpoints into a folder of its own under the work folder and keeps its last checkpoint
   * when stopped, so that the next run resumes with its graph, baselines and open incidents.
   */
  private Map<String, String> checkpointSettings(Path dir, CausewayJob job) {
    RetainedCheckpoints checkpoints = new RetainedCheckpoints(dir.resolve("checkpoints").resolve(job.name()));
    Map<String, String> settings = new HashMap<>(checkpoints.jobSettings());
    if (!resume) {
      settings.remove(RetainedCheckpoints.RECOVERY_PATH);
    }
    System.err.println("causeway run: " + job.name() + (settings.containsKey(RetainedCheckpoints.RECOVERY_PATH)
        ? " resumes from " + settings.get(RetainedCheckpoints.RECOVERY_PATH)
        : " starts afresh; checkpoints in " + dir.resolve("checkpoints").resolve(job.name())));
    return settings;
  }

  private static Path defaultWorkDir() {
    return Path.of(System.getProperty("causeway.home", ".")).resolve(".causeway").resolve("run");
  }
}
