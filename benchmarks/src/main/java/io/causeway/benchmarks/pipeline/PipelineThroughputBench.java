package io.causeway.benchmarks.pipeline;

import io.causeway.benchmarks.throughput.ClusterRest;
import io.causeway.benchmarks.throughput.CpuMark;
import io.causeway.benchmarks.throughput.LiveCounters;
import io.causeway.benchmarks.throughput.ReadRate;
import io.causeway.benchmarks.throughput.TaskCpu;
import io.causeway.benchmarks.throughput.WorkDirs;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.correlation.CorrelationJob;
import io.causeway.jobs.detection.DetectionJob;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.benchmarks.topology.TopologyThroughputBench;
import io.causeway.runtime.EmbeddedFlink;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.JobSubmitter;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Events per second through the whole pipeline (the topology, detection and correlation jobs on
 * one MiniCluster with RocksDB, checkpointing as deployed), against the ceiling measured in the
 * same run: a plain consumer reading all the input topics and decoding every record with its
 * topic's Avro codec, before the jobs and after them; the ratio is against the higher of the two.
 *
 * <p>The traffic is that of {@code --services} services ({@link ServiceFleet}: copies of the
 * Online Boutique simulator), metrics, logs, traces and changes, written to Kafka before anything
 * is measured so that the generator does not compete for the cores.
 *
 * <p>What an event through the pipeline is. An input record counts once every job that reads its
 * topic has taken it in (its {@code decode TOPIC} operator's {@code numRecordsIn}, from live
 * counters): a span once both the topology and the detection job have it, a metric or a log once
 * detection has it, a change once correlation has it. The pipeline's count at a moment is the sum
 * over the input topics of the slowest reader's count; the ceiling reads each record once. What
 * the jobs read from each other (edges, deltas, anomalies) is their work, not input, and is not
 * counted. Steady state as in {@code bench topology}: the first {@code --warmup-events} are left
 * out of every rate, the pipeline's and each ceiling read's.
 *
 * <p>Where the CPU goes: CPU per measured event by job (task threads named after the job's tasks,
 * found through Flink's REST API) and by thread for the whole process, the broker included.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Events/second through all three jobs vs Kafka read+decode of the same records.")
public final class PipelineThroughputBench implements Callable<Integer> {

  /** The input topics, each decoded as its records' type. */
  static final List<Topic> INPUTS = List.of(Topic.SPANS, Topic.METRICS, Topic.LOGS, Topic.CHANGES);

  /** Which input topics each job reads. */
  static final Map<String, List<Topic>> READERS = Map.of(
      TopologyJob.NAME, List.of(Topic.SPANS),
      DetectionJob.NAME, List.of(Topic.SPANS, Topic.METRICS, Topic.LOGS),
      CorrelationJob.NAME, List.of(Topic.CHANGES));

  @Option(names = "--services", defaultValue = "1000", description = "How many services send telemetry, rounded up to whole Online Boutique copies (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--requests-per-shop", defaultValue = "5", description = "Requests per simulated second at each copy's frontend (default: ${DEFAULT-VALUE}).")
  double requestsPerShop;

  @Option(names = "--events", defaultValue = "2000000", description = "How many input records to measure, after the warm-up (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--warmup-events", defaultValue = "2000000",
      description = "How many input records go through first, unmeasured, by the jobs and by each ceiling read (default: ${DEFAULT-VALUE}).")
  long warmupEvents;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of each job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A Flink or job option for the run, e.g. execution.checkpointing.interval=1 s.")
  Map<String, String> options = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("causeway-bench-pipeline");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      Traffic traffic = Traffic.produce(kafka.bootstrapServers(), services, requestsPerShop, warmupEvents + events, INPUTS);
      ReadRate before = ReadRate.readAndDecode(kafka.bootstrapServers(), codecs(), traffic.total(), warmupEvents);
      PipelineRun run = runJobs(kafka.bootstrapServers(), dir, traffic.total());
      ReadRate after = ReadRate.readAndDecode(kafka.bootstrapServers(), codecs(), traffic.total(), warmupEvents);
      report(out, traffic, before, after, run);
    } finally {
      WorkDirs.deleteQuietly(dir);
    }
    return 0;
  }

  private static Map<String, AvroCodec<?>> codecs() {
    Map<String, AvroCodec<?>> codecs = new HashMap<>();
    INPUTS.forEach(topic -> codecs.put(topic.defaultName(), AvroCodec.of(topic.valueType())));
    return codecs;
  }

  /** What the three jobs got through, and the CPU it cost by job. */
  record PipelineRun(ReadRate rate, Map<String, Long> cpuNanosByJob, long processCpuNanos) {}

  private PipelineRun runJobs(String bootstrapServers, Path dir, long total) throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(dir.resolve("flink"), READERS.size() * parallelism, LiveCounters.clusterSettings())) {
      Map<String, String> config = new HashMap<>(flink.jobDefaults());
      config.put("execution.checkpointing.interval", TopologyThroughputBench.DEPLOYED_CHECKPOINT_INTERVAL);
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
      config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
      config.put("parallelism.default", String.valueOf(parallelism));
      config.putAll(options);
      JobSettings settings = JobSettings.from(Configuration.fromMap(config));
      try (JobSubmitter submitter = new JobSubmitter(flink.restHost(), flink.restPort(), config)) {
        Map<String, String> jobOfTask = new HashMap<>();
        ClusterRest rest = new ClusterRest("http://" + flink.restHost() + ":" + flink.restPort());
        for (CausewayJob job : List.of(new TopologyJob(settings), new DetectionJob(settings), new CorrelationJob(settings))) {
          String id = submitter.submit(job).getJobID().toString();
          // two jobs may have a task of the same name (a source of a topic both read): its threads count for both
          rest.taskNames(id).forEach(task -> jobOfTask.merge(task, job.name(), (a, b) -> a + "+" + b));
        }
        CpuMark warm = new CpuMark();
        ReadRate rate = ReadRate.follow(PipelineThroughputBench::consumedByAll, "input records consumed by all jobs", total, warmupEvents,
            Duration.ofMinutes(15), Duration.ofMillis(5), warm::take);
        CpuMark end = new CpuMark().take();
        end.report(spec.commandLine().getOut(), "event", rate.records(), warm);
        return new PipelineRun(rate, end.tasksSince(warm, thread -> jobOfTask.getOrDefault(TaskCpu.owningTask(thread), "other")), end.processSince(warm));
      }
    }
  }

  /**
   * Input records every job that reads them has taken in: over the input topics, the slowest
   * reader's count.
   */
  static long consumedByAll() {
    long all = 0;
    for (Topic topic : INPUTS) {
      long slowest = Long.MAX_VALUE;
      for (Map.Entry<String, List<Topic>> job : READERS.entrySet()) {
        if (job.getValue().contains(topic)) {
          slowest = Math.min(slowest, LiveCounters.sum("causeway-" + job.getKey(), "decode " + topic.defaultName(), "numRecordsIn"));
        }
      }
      all += slowest;
    }
    return all;
  }

  private void report(PrintWriter out, Traffic traffic, ReadRate before, ReadRate after, PipelineRun run) {
    double ceiling = Math.max(before.recordsPerSecond(), after.recordsPerSecond());
    double ratio = run.rate().recordsPerSecond() / ceiling;
    out.printf(Locale.ROOT, "traffic: %d services, %s%n", traffic.services(), traffic.counts());
    out.printf(Locale.ROOT, "%-52s %14s%n", "measure", "records/s");
    out.printf(Locale.ROOT, "%-52s %,14.0f%n", "Kafka read + Avro decode of all inputs, before", before.recordsPerSecond());
    out.printf(Locale.ROOT, "%-52s %,14.0f%n", "Kafka read + Avro decode of all inputs, after", after.recordsPerSecond());
    out.printf(Locale.ROOT, "%-52s %,14.0f%n", "pipeline (input records consumed by all jobs)", run.rate().recordsPerSecond());
    out.printf(Locale.ROOT, "%-52s %14.2f%n", "pipeline / ceiling (the higher of the two)", ratio);
    out.printf(Locale.ROOT, "%-52s %14.2f%n", "ceiling's consumer thread, CPU us per record", Math.min(before.cpuMicrosPerRecord(), after.cpuMicrosPerRecord()));
    out.printf(Locale.ROOT, "%-52s %14s%n", "CPU per measured event by job", "us");
    run.cpuNanosByJob().forEach((job, nanos) -> out.printf(Locale.ROOT, "  %-50s %14.2f%n", job, nanos / 1e3 / run.rate().records()));
    out.printf(Locale.ROOT, "  %-50s %14.2f%n", "whole process (broker, JIT, GC, RocksDB too)", run.processCpuNanos() / 1e3 / run.rate().records());
    out.printf(Locale.ROOT, "rates (k records/s) through each tenth of all %,d records, warm-up first:%n", traffic.total());
    out.printf(Locale.ROOT, "  %-8s %s%n", "before", before.slicesInThousands());
    out.printf(Locale.ROOT, "  %-8s %s%n", "pipeline", run.rate().slicesInThousands());
    out.printf(Locale.ROOT, "  %-8s %s%n", "after", after.slicesInThousands());
    StringBuilder cpu = new StringBuilder();
    run.cpuNanosByJob().forEach((job, nanos) -> cpu.append(cpu.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.3f", job, nanos / 1e3 / run.rate().records())));
    out.printf(Locale.ROOT,
        "{\"benchmark\":\"pipeline\",\"services\":%d,\"events\":%d,\"spans\":%d,\"metrics\":%d,\"logs\":%d,\"changes\":%d,\"warmupEvents\":%d,\"measuredEvents\":%d,"
            + "\"ceilingRecordsPerSecond\":%.0f,\"ceilingBeforeRecordsPerSecond\":%.0f,\"ceilingAfterRecordsPerSecond\":%.0f,\"pipelineRecordsPerSecond\":%.0f,\"ratio\":%.3f,"
            + "\"cpuMicrosPerEventByJob\":{%s},\"processCpuMicrosPerEvent\":%.3f}%n",
        traffic.services(), traffic.total(), traffic.count(Topic.SPANS), traffic.count(Topic.METRICS), traffic.count(Topic.LOGS), traffic.count(Topic.CHANGES),
        warmupEvents, run.rate().records(), ceiling, before.recordsPerSecond(), after.recordsPerSecond(), run.rate().recordsPerSecond(), ratio,
        cpu, run.processCpuNanos() / 1e3 / run.rate().records());
    out.flush();
  }
}
