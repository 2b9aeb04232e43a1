package io.causeway.benchmarks.topology;

import io.causeway.avro.Span;
import io.causeway.benchmarks.throughput.CountingSink;
import io.causeway.benchmarks.throughput.CpuMark;
import io.causeway.benchmarks.throughput.LiveCounters;
import io.causeway.benchmarks.throughput.ReadRate;
import io.causeway.benchmarks.throughput.WorkDirs;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Spans per second through the topology job, against the ceiling measured in the same run: a
 * plain consumer reading and decoding the same records from the same broker, once before the job
 * and once after it; the ratio is against the higher of the two, so that a burst of load from
 * elsewhere on a shared machine while the ceiling is read cannot flatter the job. Spans come from
 * the Online Boutique simulator, produced before the job starts, so the job reads as fast as it
 * can. The job's CPU per span by task chain is printed beside, to show where it goes.
 *
 * <p>Steady state, not warm-up. A streaming job runs for days; its throughput is that of warm
 * code. The job's code paths are many and large (Flink's runtime, the Kafka client, RocksDB state,
 * our serializers), and on two cores the C2 compiler worked through them for the first 10-20M spans
 * (one compiler thread busy all along, a third of the process's CPU); the ceiling's few paths are
 * warm in a fraction of that. Both rates therefore leave out the first {@code --warmup-spans}
 * records: the job reads them, and so does each ceiling read, before the clock starts; what is
 * measured is the next {@code --spans}. The rates through each tenth of the run are printed to show
 * how far each had settled, and the CPU per span covers the measured part only, by task chain and
 * by thread (the JIT compiler, the collector and RocksDB's native threads included).
 *
 * <p>Checkpoints as deployed: every 10 s, as {@code deploy/flink/config.yaml} sets. The interval is
 * part of the job's cost (each checkpoint snapshots the RocksDB state; at 1 s the same run measured
 * 0.46 of the ceiling where 10 s measured 0.60), so it is the deployed one. The default measured
 * part lasts several intervals, so that it holds checkpoints in proportion. {@code --option
 * KEY=VALUE} overrides any Flink or job option for the run.
 *
 * <p>How each rate is measured. The ceiling counts the records a single {@code KafkaConsumer}
 * polls and decodes with {@code AvroCodec} (what any reader of the topic pays), from its first
 * non-empty poll to its last record. The job counts the spans that reach its trace join (the
 * trace join's {@code causeway.spans} counter, summed over subtasks), from the moment the first
 * span arrives there to the moment the last one does: by then every span has been read, decoded,
 * turned into a span view, gathered by trace, shuffled by trace id and joined, and its calls
 * pre-aggregated per edge (chained to the join). What is left after that moment is waiting, not
 * work: the last windows fire when event time passes their end, and the edges sink writes a
 * few hundred records. Both rates leave out start-up (consumer group join, job deployment).
 *
 * <p>Why not committed offsets: the job commits its Kafka offsets only when a checkpoint
 * completes, so following them measured the checkpoint cadence as much as the job (an idle tail
 * of about 9 s on 600k spans, where the job's state had stopped changing). Why not Flink's REST
 * metrics: the REST endpoint serves metrics through a fetcher that refreshes every 10 s. The
 * benchmark's MiniCluster instead hands the live counters to an in-process reporter ({@link
 * LiveCounters}), polled every 5 ms.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
    description = "Spans/second through the topology job vs Kafka read+decode of the same records.")
public final class TopologyThroughputBench implements Callable<Integer> {

  /** As {@code deploy/flink/config.yaml} sets it. */
  public static final String DEPLOYED_CHECKPOINT_INTERVAL = "10 s";

  /** The ceiling reads what the job reads: the spans topic, decoded as spans. */
  private static final Map<String, AvroCodec<?>> SPANS = Map.of(Topic.SPANS.defaultName(), AvroCodec.of(Span.class));

  @Option(names = "--spans", defaultValue = "12000000", description = "How many spans to measure, after the warm-up (default: ${DEFAULT-VALUE}).")
  long spans;

  @Option(names = "--warmup-spans", defaultValue = "20000000",
      description = "How many spans go through first, unmeasured, by the job and by each ceiling read (default: ${DEFAULT-VALUE}).")
  long warmupSpans;

  @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A Flink or job option for the run, e.g. execution.checkpointing.interval=1 s.")
  Map<String, String> options = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("causeway-bench-topology");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      long produced = produceSpans(kafka.bootstrapServers());
      ReadRate before = ReadRate.readAndDecode(kafka.bootstrapServers(), SPANS, produced, warmupSpans);
      ReadRate job = runJob(kafka.bootstrapServers(), dir, produced);
      ReadRate after = ReadRate.readAndDecode(kafka.bootstrapServers(), SPANS, produced, warmupSpans);
      report(out, produced, before, after, job);
    } finally {
      WorkDirs.deleteQuietly(dir);
    }
    return 0;
  }

  private long produceSpans(String bootstrapServers) {
    try (KafkaTelemetrySink kafka = new KafkaTelemetrySink(bootstrapServers)) {
      CountingSink sink = new CountingSink(kafka, Set.of(Topic.SPANS));
      // Far enough back that even long warm-ups (about 330 spans per simulated second) end before
      // now: the broker refuses records stamped more than an hour ahead of its clock.
      Instant start = Instant.now().minus(Duration.ofHours(48)).truncatedTo(ChronoUnit.SECONDS);
      Simulator simulator = new Simulator(SimulatorConfig.builder().seed(11).requestsPerSecond(50).start(start).build(), sink);
      while (sink.total() < warmupSpans + spans) {
        simulator.advance(Duration.ofSeconds(10));
      }
      kafka.flush();
      return sink.total();
    }
  }

  private ReadRate runJob(String bootstrapServers, Path dir, long produced) throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(dir.resolve("flink"), 4, LiveCounters.clusterSettings())) {
      Map<String, String> config = new HashMap<>(flink.jobDefaults());
      config.put("execution.checkpointing.interval", DEPLOYED_CHECKPOINT_INTERVAL);
      config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
      config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
      config.put("parallelism.default", String.valueOf(parallelism));
      config.putAll(options);
      try (JobSubmitter submitter = new JobSubmitter(flink.restHost(), flink.restPort(), config)) {
        submitter.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(config))));
        CpuMark warm = new CpuMark();
        ReadRate rate = ReadRate.followCounter(TopologyJob.TRACE_JOIN, "causeway.spans", produced, warmupSpans, Duration.ofMinutes(10), warm::take);
        new CpuMark().take().report(spec.commandLine().getOut(), "span", rate.records(), warm);
        return rate;
      }
    }
  }

  private void report(PrintWriter out, long produced, ReadRate before, ReadRate after, ReadRate job) {
    double ceiling = Math.max(before.recordsPerSecond(), after.recordsPerSecond());
    double ratio = job.recordsPerSecond() / ceiling;
    out.printf(Locale.ROOT, "%-44s %14s%n", "measure", "records/s");
    out.printf(Locale.ROOT, "%-44s %,14.0f%n", "Kafka read + Avro decode, before the job", before.recordsPerSecond());
    out.printf(Locale.ROOT, "%-44s %,14.0f%n", "Kafka read + Avro decode, after the job", after.recordsPerSecond());
    out.printf(Locale.ROOT, "%-44s %,14.0f%n", "topology job (spans into the trace join)", job.recordsPerSecond());
    out.printf(Locale.ROOT, "%-44s %14.2f%n", "job / ceiling (the higher of the two)", ratio);
    out.printf(Locale.ROOT, "%-44s %14.2f%n", "ceiling's consumer thread, CPU us per record", Math.min(before.cpuMicrosPerRecord(), after.cpuMicrosPerRecord()));
    out.printf(Locale.ROOT, "rates (k records/s) through each tenth of all %,d records, warm-up first:%n", produced);
    out.printf(Locale.ROOT, "  %-8s %s%n", "before", before.slicesInThousands());
    out.printf(Locale.ROOT, "  %-8s %s%n", "job", job.slicesInThousands());
    out.printf(Locale.ROOT, "  %-8s %s%n", "after", after.slicesInThousands());
    out.printf(Locale.ROOT,
        "{\"benchmark\":\"topology\",\"spans\":%d,\"warmupSpans\":%d,\"measuredSpans\":%d,\"ceilingRecordsPerSecond\":%.0f,\"ceilingBeforeRecordsPerSecond\":%.0f,\"ceilingAfterRecordsPerSecond\":%.0f,\"jobRecordsPerSecond\":%.0f,\"ratio\":%.3f}%n",
        produced, warmupSpans, job.records(), ceiling, before.recordsPerSecond(), after.recordsPerSecond(), job.recordsPerSecond(), ratio);
    out.flush();
  }

}
