package io.causeway.benchmarks.pipeline;

import io.causeway.benchmarks.throughput.ClusterRest;
import io.causeway.benchmarks.throughput.ReadRate;
import io.causeway.benchmarks.throughput.TaskCpu;
import io.causeway.benchmarks.throughput.WorkDirs;
import io.causeway.benchmarks.topology.TopologyThroughputBench;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.FlinkCluster;
import io.causeway.runtime.JobSubmitter;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.Topic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The topology job on a real Flink cluster ({@link FlinkCluster}: a JobManager and TaskManagers
 * as separate processes, configured from {@code deploy/flink/config.yaml}) with 2 TaskManagers
 * against 1, over the same spans in the same run: parallelism is TaskManagers × slots, and the
 * shaded job jar is shipped with the job as a user's would be.
 *
 * <p>Each cluster's rate is that of the spans reaching the trace join (as in {@code bench
 * topology}), read through Flink's REST API since the counters live in other processes: the
 * JobManager's metric fetcher is set to refresh every second, and the rate is taken from the
 * first reading at the warm-up count or more to the first reading at the end, so both ends lag
 * alike. CPU of every TaskManager process (from {@code /proc}) over the same span gives the cores
 * the job used; throughput per core used says whether a second TaskManager adds work or only
 * spreads it. On a machine whose cores are all busy already, a second TaskManager cannot add
 * cores, so the throughput ratio there measures the cost of spreading (more subtasks, network
 * shuffles between processes, a second JVM's JIT and collector), not the scaling the cluster would
 * show on more cores.
 */
@Command(name = "scale-out", mixinStandardHelpOptions = true,
    description = "Spans/second of the topology job on a real cluster with 2 TaskManagers vs 1, and per CPU core used.")
public final class ScaleOutBench implements Callable<Integer> {

  static final List<Integer> TASK_MANAGERS = List.of(1, 2);
  private static final String SPANS_METRIC = ".causeway.spans";

  @Option(names = "--services", defaultValue = "1000", description = "How many services send spans, rounded up to whole Online Boutique copies (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--requests-per-shop", defaultValue = "5", description = "Requests per simulated second at each copy's frontend (default: ${DEFAULT-VALUE}).")
  double requestsPerShop;

  @Option(names = "--spans", defaultValue = "2000000", description = "How many spans to measure on each cluster, after the warm-up (default: ${DEFAULT-VALUE}).")
  long spans;

  @Option(names = "--warmup-spans", defaultValue = "2000000", description = "How many spans each cluster goes through first, unmeasured (default: ${DEFAULT-VALUE}).")
  long warmupSpans;

  @Option(names = "--slots", defaultValue = "2", description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--job-jar", paramLabel = "JAR", description = "The shaded job jar (default: correlation-jobs/target/causeway-jobs-0.1.0-SNAPSHOT.jar under causeway.home).")
  Path jobJar = home().resolve(Path.of("correlation-jobs", "target", "causeway-jobs-0.1.0-SNAPSHOT.jar"));

  @Option(names = "--flink-config", paramLabel = "YAML", description = "The cluster's base config (default: deploy/flink/config.yaml under causeway.home).")
  Path flinkConfig = home().resolve(Path.of("deploy", "flink", "config.yaml"));

  @Spec CommandSpec spec;

  /** The project folder: the launcher says where it is; tests run in a module folder below it. */
  private static Path home() {
    return Path.of(System.getProperty("causeway.home", ".."));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException("no shaded job jar at " + jobJar + "; build it with mvn -pl correlation-jobs -am package, or pass --job-jar");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("causeway-bench-scale-out");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      Traffic traffic = Traffic.produce(kafka.bootstrapServers(), services, requestsPerShop, warmupSpans + spans, List.of(Topic.SPANS));
      List<ClusterRun> runs = new ArrayList<>();
      for (int taskManagers : TASK_MANAGERS) {
        runs.add(runOn(taskManagers, kafka.bootstrapServers(), dir, traffic.total()));
      }
      report(out, traffic, runs);
    } finally {
      WorkDirs.deleteQuietly(dir);
    }
    return 0;
  }

  /** One cluster size's figures: the rate, and CPU seconds over the measured span by where it went. */
  record ClusterRun(int taskManagers, int parallelism, ReadRate rate, double taskManagerCpuSeconds, double jobManagerCpuSeconds, double benchCpuSeconds) {

    /** Cores the TaskManagers kept busy on average while measured. */
    double taskManagerCores() {
      return taskManagerCpuSeconds / rate.seconds();
    }

    /** Spans per second per core the TaskManagers used. */
    double spansPerCoreSecond() {
      return rate.records() / taskManagerCpuSeconds;
    }
  }

  private ClusterRun runOn(int taskManagers, String bootstrapServers, Path dir, long total) throws Exception {
    Map<String, String> clusterSettings = Map.of(
        "taskmanager.numberOfTaskSlots", String.valueOf(slots),
        "metrics.fetcher.update-interval", "1000");
    try (FlinkCluster cluster = FlinkCluster.start(dir.resolve("cluster-" + taskManagers), flinkConfig, taskManagers, clusterSettings)) {
      int parallelism = taskManagers * slots;
      Map<String, String> config = new HashMap<>();
      config.put("execution.checkpointing.interval", TopologyThroughputBench.DEPLOYED_CHECKPOINT_INTERVAL);
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
      config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
      config.put("parallelism.default", String.valueOf(parallelism));
      try (JobSubmitter submitter = new JobSubmitter("127.0.0.1", cluster.restPort(), config, List.of(jobJar))) {
        String jobId = submitter.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(config)))).getJobID().toString();
        ClusterRest rest = new ClusterRest(cluster.restUrl());
        ProcessCpu warm = new ProcessCpu(cluster);
        ReadRate rate = ReadRate.follow(spansJoined(rest, jobId), "spans into the trace join", total, warmupSpans, Duration.ofMinutes(15),
            Duration.ofMillis(100), warm::take);
        ProcessCpu end = new ProcessCpu(cluster).take();
        return new ClusterRun(taskManagers, parallelism, rate, end.taskManagers - warm.taskManagers, end.jobManager - warm.jobManager, end.bench - warm.bench);
      }
    }
  }

  private static LongSupplier spansJoined(ClusterRest rest, String jobId) {
    return () -> {
      try {
        return rest.operatorMetricSum(jobId, SPANS_METRIC);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the job's metrics", e);
      }
    };
  }

  /** CPU seconds used so far by a cluster's processes and by this one (the broker, the metric polling). */
  private static final class ProcessCpu {
    private final FlinkCluster cluster;
    private double taskManagers;
    private double jobManager;
    private double bench;

    ProcessCpu(FlinkCluster cluster) {
      this.cluster = cluster;
    }

    ProcessCpu take() {
      taskManagers = cluster.taskManagerPids().stream().mapToLong(TaskCpu::process).sum() / 1e9;
      jobManager = TaskCpu.process(cluster.jobManagerPid()) / 1e9;
      bench = TaskCpu.process() / 1e9;
      return this;
    }
  }

  private static void report(PrintWriter out, Traffic traffic, List<ClusterRun> runs) {
    ClusterRun one = runs.get(0);
    ClusterRun two = runs.get(runs.size() - 1);
    double ratio = two.rate().recordsPerSecond() / one.rate().recordsPerSecond();
    double perCoreRatio = two.spansPerCoreSecond() / one.spansPerCoreSecond();
    out.printf(Locale.ROOT, "spans: %,d from %d services; %d cores here%n", traffic.total(), traffic.services(), Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "%-14s %11s %14s %12s %14s %10s %12s%n", "TaskManagers", "parallelism", "spans/s", "TM cores", "spans/s/core", "JM cores", "bench cores");
    for (ClusterRun run : runs) {
      out.printf(Locale.ROOT, "%-14d %11d %,14.0f %12.2f %,14.0f %10.2f %12.2f%n", run.taskManagers(), run.parallelism(), run.rate().recordsPerSecond(),
          run.taskManagerCores(), run.spansPerCoreSecond(), run.jobManagerCpuSeconds() / run.rate().seconds(), run.benchCpuSeconds() / run.rate().seconds());
    }
    out.printf(Locale.ROOT, "%-44s %8.2f%n", "throughput, 2 TaskManagers / 1", ratio);
    out.printf(Locale.ROOT, "%-44s %8.2f%n", "throughput per TaskManager core, 2 / 1", perCoreRatio);
    out.printf(Locale.ROOT, "%-44s %8.2f%n", "TaskManager cores used, 2 / 1", two.taskManagerCores() / one.taskManagerCores());
    out.printf(Locale.ROOT, "rates (k spans/s) through each tenth of all spans, warm-up first:%n");
    runs.forEach(run -> out.printf(Locale.ROOT, "  %d TM %s%n", run.taskManagers(), run.rate().slicesInThousands()));
    Map<String, String> json = new LinkedHashMap<>();
    json.put("benchmark", "\"scale-out\"");
    json.put("services", String.valueOf(traffic.services()));
    json.put("spans", String.valueOf(traffic.total()));
    json.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    for (ClusterRun run : runs) {
      String key = "tm" + run.taskManagers();
      json.put(key + "SpansPerSecond", String.format(Locale.ROOT, "%.0f", run.rate().recordsPerSecond()));
      json.put(key + "TaskManagerCores", String.format(Locale.ROOT, "%.3f", run.taskManagerCores()));
      json.put(key + "SpansPerCoreSecond", String.format(Locale.ROOT, "%.0f", run.spansPerCoreSecond()));
      json.put(key + "MeasuredSpans", String.valueOf(run.rate().records()));
    }
    json.put("ratio", String.format(Locale.ROOT, "%.3f", ratio));
    json.put("perCoreRatio", String.format(Locale.ROOT, "%.3f", perCoreRatio));
    StringBuilder line = new StringBuilder("{");
    json.forEach((key, value) -> line.append(line.length() > 1 ? "," : "").append('"').append(key).append("\":").append(value));
    out.println(line.append('}'));
    out.flush();
  }
}
