package io.causeway.benchmarks.topology;

import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.runtime.EmbeddedFlink;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.JobSubmitter;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Spans per second through the topology job, against the ceiling measured in the same run: a
 * plain consumer reading and decoding the same records from the same broker. Spans come from
 * the Online Boutique simulator, produced before the job starts, so the job reads as fast as it
 * can.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
    description = "Spans/second through the topology job vs Kafka read+decode of the same records.")
public final class TopologyThroughputBench implements Callable<Integer> {

  @Option(names = "--spans", defaultValue = "600000", description = "How many spans to produce (default: ${DEFAULT-VALUE}).")
  long spans;

  @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("causeway-bench-topology");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      long produced = produceSpans(kafka.bootstrapServers());
      ReadRate ceiling = ReadRate.readAndDecode(kafka.bootstrapServers(), Topic.SPANS.defaultName(), produced);
      ReadRate job = runJob(kafka.bootstrapServers(), dir, produced);
      report(out, produced, ceiling, job);
    } finally {
      deleteQuietly(dir);
    }
    return 0;
  }

  private long produceSpans(String bootstrapServers) {
    try (KafkaTelemetrySink kafka = new KafkaTelemetrySink(bootstrapServers)) {
      SpansOnly sink = new SpansOnly(kafka);
      Instant start = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
      Simulator simulator = new Simulator(SimulatorConfig.builder().seed(11).requestsPerSecond(50).start(start).build(), sink);
      while (sink.count < spans) {
        simulator.advance(Duration.ofSeconds(10));
      }
      kafka.flush();
      return sink.count;
    }
  }

  private ReadRate runJob(String bootstrapServers, Path dir, long produced) throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(dir.resolve("flink"), 4)) {
      Map<String, String> config = new HashMap<>(flink.jobDefaults());
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
      config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
      config.put("parallelism.default", String.valueOf(parallelism));
      config.put("execution.checkpointing.interval", "1 s");
      try (JobSubmitter submitter = new JobSubmitter(flink.restHost(), flink.restPort(), config)) {
        submitter.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(config))));
        return ReadRate.followCommittedOffsets(bootstrapServers, "causeway-" + TopologyJob.NAME, Topic.SPANS.defaultName(), produced);
      }
    }
  }

  private static void report(PrintWriter out, long produced, ReadRate ceiling, ReadRate job) {
    double ratio = job.recordsPerSecond() / ceiling.recordsPerSecond();
    out.printf(Locale.ROOT, "%-40s %14s%n", "measure", "records/s");
    out.printf(Locale.ROOT, "%-40s %,14.0f%n", "Kafka read + Avro decode (ceiling)", ceiling.recordsPerSecond());
    out.printf(Locale.ROOT, "%-40s %,14.0f%n", "topology job (spans -> edges)", job.recordsPerSecond());
    out.printf(Locale.ROOT, "%-40s %14.2f%n", "job / ceiling", ratio);
    out.printf(Locale.ROOT, "{\"benchmark\":\"topology\",\"spans\":%d,\"ceilingRecordsPerSecond\":%.0f,\"jobRecordsPerSecond\":%.0f,\"ratio\":%.3f}%n",
        produced, ceiling.recordsPerSecond(), job.recordsPerSecond(), ratio);
    out.flush();
  }

  /** Passes spans on and drops the other signals: this benchmark is about spans. */
  private static final class SpansOnly implements TelemetrySink {
    private final TelemetrySink target;
    private long count;

    SpansOnly(TelemetrySink target) {
      this.target = target;
    }

    @Override
    public void span(io.causeway.avro.Span span) {
      target.span(span);
      count++;
    }

    @Override
    public void metric(io.causeway.avro.MetricPoint point) {}

    @Override
    public void log(io.causeway.avro.LogRecord record) {}

    @Override
    public void change(io.causeway.avro.ChangeEvent change) {}

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {}
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
