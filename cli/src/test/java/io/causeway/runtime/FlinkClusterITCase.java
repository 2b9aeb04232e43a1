package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.jobs.ClusterEntryPoint;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink cluster (a JobManager and two TaskManagers, each
 * its own JVM), submitted through REST as a user submits it: a fault becomes an incident naming the
 * faulty service; then a TaskManager is killed mid-run, the jobs restart from their checkpoints, and
 * every incident version is on {@code incidents} (read committed) exactly once, none missing.
 */
class FlinkClusterITCase {

  private static final Path JOB_JAR = Path.of("..", "correlation-jobs", "target", "causeway-jobs-0.1.0-SNAPSHOT.jar");
  private static final Path BASE_CONFIG = Path.of("..", "deploy", "flink", "config.yaml");
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final String FAULTY = "paymentservice";

  @TempDir static Path workDir;
  private static EmbeddedKafka kafka;
  private static FlinkCluster cluster;
  private static FlinkRest rest;

  @BeforeAll
  static void startClusterAndJobs() throws Exception {
    assertThat(JOB_JAR).as("the shaded job jar; build it with mvn -pl correlation-jobs -am package").exists();
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
    // Three slots per TaskManager: after one is killed, the other still fits all three jobs. Slots
    // spread evenly, so that each TaskManager runs a job and killing either one hits one.
    cluster = FlinkCluster.start(workDir.resolve("flink"), BASE_CONFIG, 2,
        Map.of("taskmanager.numberOfTaskSlots", "3", "cluster.evenly-spread-out-slots", "true", "execution.checkpointing.interval", "2 s"));
    rest = new FlinkRest(cluster.restUrl());
    String jarId = rest.uploadJar(JOB_JAR);
    for (String job : ClusterEntryPoint.allNames()) {
      rest.runJar(jarId, ClusterEntryPoint.class.getName(), List.of("--job", job, "--causeway.kafka.bootstrap-servers", kafka.bootstrapServers()));
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void incidentsSurviveAKilledTaskManagerExactlyOnce() throws Exception {
    FaultSpec fault = FaultSpec.parse(FAULTY + ":errors");
    AtomicBoolean running = new AtomicBoolean(true);
    try (KafkaTelemetrySink sink = new KafkaTelemetrySink(kafka.bootstrapServers())) {
      Simulator simulator = new Simulator(FaultToIncidentITCase.simulatorConfig(fault), sink);
      Thread traffic = new Thread(() -> simulator.runPaced(running::get), "test-simulator");
      traffic.start();
      try {
        Incident first = FaultToIncidentITCase.firstIncident(kafka.bootstrapServers());
        Hypothesis top = first.getHypotheses().get(0);
        assertThat(top.getService()).as("%s", first).isEqualTo(FAULTY);

        awaitCompletedCheckpoints();
        String correlationJob = jobNamed("causeway-correlation").id();
        cluster.killTaskManager(taskManagerRunning(correlationJob));
        awaitRestartedFromCheckpoint();
        assertThat(rest.numRestarts(correlationJob)).as("the correlation job, whose TaskManager was killed, restarted").isPositive();
        assertThat(rest.restoredFrom(correlationJob)).as("and was restored from a checkpoint").isPresent();
        // Let the restored jobs carry on with the incident for a while before the traffic stops.
        Thread.sleep(15_000);
      } finally {
        running.set(false);
        traffic.join(10_000);
      }
    }
    Map<String, List<Integer>> versionsById = allIncidentVersions();
    assertThat(versionsById).as("incidents after failover").isNotEmpty();
    System.out.printf("FlinkClusterITCase: %d incidents, %d snapshots after the failover: %s%n",
        versionsById.size(), versionsById.values().stream().mapToInt(List::size).sum(), versionsById);
    versionsById.forEach((id, versions) -> {
      assertThat(versions).as("versions of %s, each exactly once", id).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(versions)).as("versions of %s, none lost", id)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
    });
  }

  private static FlinkRest.Job jobNamed(String name) throws Exception {
    return rest.jobs().stream().filter(job -> job.name().equals(name)).findFirst().orElseThrow();
  }

  /** The index of the TaskManager that runs the job (all its tasks share one slot at parallelism 1). */
  private static int taskManagerRunning(String jobId) throws Exception {
    String id = rest.taskManagersOf(jobId).iterator().next();
    return IntStream.range(0, 2).filter(i -> FlinkCluster.taskManagerId(i).equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("job " + jobId + " runs on an unknown TaskManager " + id));
  }

  /** Waits until every job has completed a checkpoint, so that the kill tests a restore, not a fresh start. */
  private static void awaitCompletedCheckpoints() throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<FlinkRest.Job> jobs = rest.jobs();
      boolean allCheckpointed = !jobs.isEmpty();
      for (FlinkRest.Job job : jobs) {
        allCheckpointed &= rest.completedCheckpoints(job.id()) > 0;
      }
      if (allCheckpointed) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not every job completed a checkpoint within " + PATIENCE);
  }

  /** Waits until some job restarted, all run again, and each restarted one was restored from a checkpoint. */
  private static void awaitRestartedFromCheckpoint() throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      List<FlinkRest.Job> jobs = rest.jobs();
      List<String> restarted = new ArrayList<>();
      boolean allRunning = true;
      boolean allRestored = true;
      for (FlinkRest.Job job : jobs) {
        allRunning &= job.state().equals("RUNNING");
        if (rest.numRestarts(job.id()) > 0) {
          restarted.add(job.name());
          allRestored &= rest.restoredFrom(job.id()).isPresent();
        }
      }
      last = jobs + " restarted " + restarted;
      if (!restarted.isEmpty() && allRunning && allRestored) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the jobs did not restart from a checkpoint within " + PATIENCE + ": " + last);
  }

  /** Every incident snapshot on the topic, read committed, until nothing new has come for 15 s. */
  private static Map<String, List<Integer>> allIncidentVersions() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-all-incidents");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, List<Integer>> versionsById = new TreeMap<>();
    try (KafkaConsumer<String, Incident> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(Incident.class))) {
      consumer.subscribe(List.of(Topic.INCIDENTS.defaultName()));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(15).toNanos()) {
        for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
          versionsById.computeIfAbsent(record.value().getId(), id -> new ArrayList<>()).add(record.value().getVersion());
          quietSince = System.nanoTime();
        }
      }
    }
    return versionsById;
  }
}
