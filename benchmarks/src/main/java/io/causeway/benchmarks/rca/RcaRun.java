package io.causeway.benchmarks.rca;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import io.causeway.schemas.AvroSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.causeway.ingest.nezha.NezhaReplay;
import io.causeway.ingest.nezha.PodNames;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.jobs.CausewayOptions;
import io.causeway.runtime.CausewayRuntime;
import io.causeway.runtime.IncidentWatcher;
import io.causeway.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.util.TimeUtils;

/**
 * One replay of a Nezha day through the real jobs (embedded Kafka, a Flink MiniCluster, the
 * topology, detection and correlation jobs as {@code causeway run} submits them), with the signals
 * of one tier. Everything is produced first, so the jobs read as fast as they can; the run ends
 * when the jobs have read all of it and no incident snapshot has come for a while.
 */
final class RcaRun {

  /**
   * No new snapshot for this long, once the inputs are read, ends the run: longer than the jobs'
   * idleness, which holds event time (and so the last incidents) back when an input goes quiet.
   */
  private static final Duration QUIET_BEYOND_IDLENESS = Duration.ofSeconds(20);
  private static final Duration DEADLINE = Duration.ofMinutes(20);
  private static final List<String> READING_JOBS = List.of("topology", "detection");

  /**
   * {@code feedbackNotStored}, {@code gatesTimedOut}: the live responder's, 0 without one (see {@link
   * ResponderDesk}, {@link ReplayGate}).
   */
  record Result(List<Incident> snapshots, List<Anomaly> anomalies, long records, double seconds, List<DeadLetter> deadLetters,
      List<DependencyEdge> edges, int feedbackNotStored, int gatesTimedOut) {
    /** What the offline harness needs to rank the run again. */
    RunDump dump() {
      return new RunDump(anomalies, edges, snapshots);
    }
  }

  private final Path day;
  private final NezhaReplay.Window window;
  private final Map<String, String> jobOptions;

  RcaRun(Path day, NezhaReplay.Window window, Map<String, String> jobOptions) {
    this.day = day;
    this.window = window;
    this.jobOptions = jobOptions;
  }

  Result run(SignalTier tier) throws Exception {
    return run(tier, null);
  }

  /**
   * As {@link #run(SignalTier)}, with a live responder (null: none) answering this replay's
   * incidents while it runs, the replay paced so that each answer is in before the fault recurs.
   */
  Result run(SignalTier tier, LiveResponder responder) throws Exception {
    Path work = Files.createTempDirectory("causeway-bench-rca");
    long started = System.nanoTime();
    try (CausewayRuntime runtime = CausewayRuntime.start(work, jobOptions);
        IncidentWatcher watcher = new IncidentWatcher(runtime.bootstrapServers(), Topic.INCIDENTS.defaultName());
        ResponderDesk desk = responder == null ? null : new ResponderDesk(runtime.bootstrapServers(), responder)) {
      long records;
      int gatesTimedOut = 0;
      try (KafkaTelemetrySink kafka = new KafkaTelemetrySink(runtime.bootstrapServers())) {
        ReplayGate gate = responder == null ? null : new ReplayGate(kafka, responder);
        SignalTier.Filter filter = tier.filter(gate == null ? kafka : gate);
        new NezhaReplay(PodNames.defaults()).replay(day, window, filter);
        records = filter.admitted();
        gatesTimedOut = gate == null ? 0 : gate.timedOut();
      }
      List<Incident> snapshots = collectUntilDone(runtime.bootstrapServers(), watcher, quiet());
      List<Anomaly> anomalies = readAll(runtime.bootstrapServers(), Topic.ANOMALIES.defaultName(), Anomaly.class);
      List<DeadLetter> deadLetters = readAll(runtime.bootstrapServers(), Topic.DEADLETTER.defaultName(), DeadLetter.class);
      List<DependencyEdge> edges = readAll(runtime.bootstrapServers(), Topic.EDGES.defaultName(), DependencyEdge.class);
      return new Result(snapshots, anomalies, records, (System.nanoTime() - started) / 1e9, deadLetters, edges,
          desk == null ? 0 : desk.refused(), gatesTimedOut);
    } finally {
      deleteQuietly(work);
    }
  }

  private Duration quiet() {
    String idleness = jobOptions.get(CausewayOptions.IDLENESS.key());
    Duration idle = idleness == null ? CausewayOptions.IDLENESS.defaultValue() : TimeUtils.parseDuration(idleness);
    return idle.plus(QUIET_BEYOND_IDLENESS);
  }

  private static List<Incident> collectUntilDone(String bootstrapServers, IncidentWatcher watcher, Duration quiet) throws Exception {
    List<Incident> snapshots = Collections.synchronizedList(new ArrayList<>());
    AtomicLong lastSnapshotAt = new AtomicLong(System.nanoTime());
    AtomicBoolean inputsRead = new AtomicBoolean(false);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (Admin admin = Admin.create(adminProps(bootstrapServers))) {
      watcher.watch(
          incident -> {
            snapshots.add(incident);
            lastSnapshotAt.set(System.nanoTime());
          },
          () -> {
            long now = System.nanoTime();
            if (now > deadline) {
              throw new IllegalStateException("the jobs did not finish the replay within " + DEADLINE);
            }
            if (!inputsRead.get()) {
              inputsRead.set(allInputsRead(admin));
              lastSnapshotAt.set(Math.max(lastSnapshotAt.get(), now));
              return true;
            }
            return now - lastSnapshotAt.get() < quiet.toNanos();
          });
    }
    return new ArrayList<>(snapshots);
  }

  /** Whether the jobs that read the telemetry topics have committed every record on them. */
  private static boolean allInputsRead(Admin admin) {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic topic : List.of(Topic.SPANS, Topic.METRICS, Topic.LOGS)) {
        int count = admin.describeTopics(List.of(topic.defaultName())).allTopicNames().get().get(topic.defaultName()).partitions().size();
        for (int p = 0; p < count; p++) {
          partitions.add(new TopicPartition(topic.defaultName(), p));
        }
      }
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, Long> committed = new java.util.HashMap<>();
      for (String job : READING_JOBS) {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("causeway-" + job).partitionsToOffsetAndMetadata().get();
        offsets.forEach((tp, o) -> committed.merge(tp, o == null ? 0 : o.offset(), Math::min));
      }
      return partitions.stream().allMatch(tp -> ends.get(tp).offset() == 0 || committed.getOrDefault(tp, -1L) >= ends.get(tp).offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  /** Every committed record of a topic as it is now, for the report's detail. */
  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String bootstrapServers, String topic, Class<T> type) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<T> records = new ArrayList<>();
    try (KafkaConsumer<byte[], T> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), AvroSerde.deserializer(type))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() != null) {
            records.add(r.value());
          }
        });
      }
    }
    return records;
  }

  private static Properties adminProps(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
