package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.jobs.ClusterEntryPoint;
import io.causeway.jobs.correlation.CorrelationJob;
import io.causeway.jobs.detection.DetectionJob;
import io.causeway.jobs.otlp.OtlpOptions;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.schemas.Topic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink cluster (a JobManager and two TaskManagers, each
 * its own JVM), submitted through REST as a user submits it, through what production brings, one
 * after the other, while demo traffic makes faults come and go:
 *
 * <ol>
 *   <li>a fault becomes an incident naming the faulty service;
 *   <li>the TaskManager running the correlation job is killed: the jobs restart from a checkpoint;
 *   <li>an upgrade: every job is stopped with a savepoint and resumed from it as a changed job (the
 *       OTLP input switched on, which adds operators), no state left unmapped (a job given another
 *       job's savepoint is refused); the state is kept:
 *       the open incident resolves when its fault ends, under its id, as its next version, and the
 *       graph keeps the first-seen times of the edges learned before;
 *   <li>a second fault's incident, during which the Kafka broker restarts; it still resolves after.
 * </ol>
 *
 * At the end every incident version on {@code incidents} (read committed) is there exactly once,
 * none missing.
 */
class FlinkClusterITCase {

  private static final Path JOB_JAR = Path.of("..", "correlation-jobs", "target", "causeway-jobs-0.1.0-SNAPSHOT.jar");
  private static final Path BASE_CONFIG = Path.of("..", "deploy", "flink", "config.yaml");
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  /** Simulated seconds per wall second: the jobs run on event time, so only the wait shrinks. */
  private static final double SPEED = 12;
  private static final FaultSpec FIRST_FAULT = FaultSpec.parse("paymentservice:errors");
  private static final FaultSpec SECOND_FAULT = FaultSpec.parse("productcatalogservice:latency");
  private static final List<String> OTLP_TOPICS = List.of(OtlpOptions.SPANS_TOPIC.defaultValue(), OtlpOptions.METRICS_TOPIC.defaultValue(), OtlpOptions.LOGS_TOPIC.defaultValue());
  /**
   * The upgrade users ship: OTLP input beside the Avro topics, which adds operators (the OTLP
   * sources, their decoding and span views, each with its own uid) to the topology and detection
   * jobs; the correlation job comes back unchanged, as any job does when a new jar is rolled out.
   */
  private static final Map<String, List<String>> UPGRADE = Map.of(
      TopologyJob.NAME, List.of("--" + OtlpOptions.ENABLED.key(), "true"),
      DetectionJob.NAME, List.of("--" + OtlpOptions.ENABLED.key(), "true"),
      CorrelationJob.NAME, List.of());

  @TempDir static Path workDir;
  private static EmbeddedKafka kafka;
  private static FlinkCluster cluster;
  private static FlinkRest rest;
  private static String jarId;
  /** The running job of each name (job names stay; ids change with each submission). */
  private static final Map<String, String> jobIds = new LinkedHashMap<>();

  @BeforeAll
  static void startClusterAndJobs() throws Exception {
    assertThat(JOB_JAR).as("the shaded job jar; build it with mvn -pl correlation-jobs -am package").exists();
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    TopicSetup topics = new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30));
    topics.ensureTopics(TopicNames.defaults(), (short) 1);
    topics.ensureTopics(OTLP_TOPICS, CausewayRuntime.OTLP_PARTITIONS, (short) 1);
    // Three slots per TaskManager: after one is killed, the other still fits all three jobs. Slots
    // spread evenly, so that each TaskManager runs a job and killing either one hits one.
    cluster = FlinkCluster.start(workDir.resolve("flink"), BASE_CONFIG, 2,
        Map.of("taskmanager.numberOfTaskSlots", "3", "cluster.evenly-spread-out-slots", "true", "execution.checkpointing.interval", "2 s"));
    rest = new FlinkRest(cluster.restUrl());
    jarId = rest.uploadJar(JOB_JAR);
    for (String job : ClusterEntryPoint.allNames()) {
      jobIds.put(job, rest.runJar(jarId, ClusterEntryPoint.class.getName(), jobArguments(job, List.of())));
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
  void incidentsSurviveAKilledTaskManagerAnUpgradeAndABrokerRestartExactlyOnce() throws Exception {
    Instant start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
    try (KafkaTelemetrySink sink = new KafkaTelemetrySink(kafka.bootstrapServers());
        PhasedTraffic traffic = new PhasedTraffic(sink, start, SPEED);
        CommittedLog<Incident> incidents = new CommittedLog<>(kafka.bootstrapServers(), Topic.INCIDENTS.defaultName(), Incident.class)) {
      traffic.fault(FIRST_FAULT, Duration.ofSeconds(75));
      Incident first = incidents.await("incident", any -> true, PATIENCE).value();
      assertThat(topSuspect(first)).as("%s", first).isEqualTo(FIRST_FAULT.service());

      killTheTaskManagerRunningTheCorrelationJob();
      upgradeBySavepointKeepingState(traffic, incidents, first.getId());

      traffic.fault(SECOND_FAULT, Duration.ofSeconds(30));
      Incident second = incidents.await("incident naming " + SECOND_FAULT.service(),
          entry -> !entry.value().getId().equals(first.getId()) && topSuspect(entry.value()).equals(SECOND_FAULT.service()), PATIENCE).value();
      Map<Integer, Long> beforeRestart = incidents.endOffsets();
      Map<String, Long> restartsBefore = restarts();
      kafka.restartBroker(Duration.ofSeconds(5));
      traffic.healthy();
      // Written after the restart: the jobs reconnected (or restarted from a checkpoint) and went on correlating.
      CommittedLog.Entry<Incident> resolved = incidents.await("resolution of " + second.getId() + " after the broker restart",
          entry -> entry.value().getId().equals(second.getId()) && entry.value().getStatus() == IncidentStatus.RESOLVED && entry.after(beforeRestart),
          PATIENCE);
      System.out.printf("FlinkClusterITCase: broker restarted; job restarts %s -> %s; %s resolved as version %d%n",
          restartsBefore, restarts(), second.getId(), resolved.value().getVersion());

      traffic.close();
      assertEveryVersionExactlyOnce(incidents.readUntilQuiet(Duration.ofSeconds(10)), beforeRestart);
    }
  }

  /** Kills (SIGKILL) the TaskManager that runs the correlation job, once every job has a checkpoint, and waits for the restore. */
  private static void killTheTaskManagerRunningTheCorrelationJob() throws Exception {
    // A kill before the first checkpoint would test a fresh start, not a restore.
    awaitEveryJob("checkpointed", (job, id) -> rest.completedCheckpoints(id) > 0);
    String correlationJob = jobIds.get(CorrelationJob.NAME);
    cluster.killTaskManager(taskManagerRunning(correlationJob));
    awaitRestartedFromCheckpoint();
    assertThat(rest.numRestarts(correlationJob)).as("the correlation job, whose TaskManager was killed, restarted").isPositive();
    assertThat(rest.restoredFrom(correlationJob)).as("and was restored from a checkpoint").isPresent();
  }

  /**
   * Stops every job with a savepoint (the open incident's fault still going on), resumes each from
   * its savepoint as the upgraded job, then ends the fault. Both checks can only pass with the state
   * restored: a correlation job without it knows no open incident, so the fault's end would resolve
   * nothing (and new anomalies would open a new incident, at version 1); a topology job without it
   * takes every edge for new, stamping it first seen in its first window after the resume.
   */
  private static void upgradeBySavepointKeepingState(PhasedTraffic traffic, CommittedLog<Incident> incidents, String openIncident) throws Exception {
    try (CommittedLog<DependencyEdge> edges = new CommittedLog<>(kafka.bootstrapServers(), Topic.EDGES.defaultName(), DependencyEdge.class)) {
      Map<String, String> savepoints = stopEveryJobWithASavepoint();
      // The jobs are stopped: whatever lies past these offsets comes from the upgraded jobs.
      Map<Integer, Long> edgesAtSavepoint = edges.endOffsets();
      Map<Integer, Long> incidentsAtSavepoint = incidents.endOffsets();
      Map<String, Instant> learned = new TreeMap<>();
      edges.readTo(edgesAtSavepoint, PATIENCE).forEach(entry -> learned.put(edgeKey(entry.value()), entry.value().getFirstSeen()));
      int versionAtSavepoint = incidents.readTo(incidentsAtSavepoint, PATIENCE).stream()
          .filter(entry -> entry.value().getId().equals(openIncident)).mapToInt(entry -> entry.value().getVersion()).max().orElseThrow();

      assertAnotherJobsSavepointIsRefused(savepoints.get(TopologyJob.NAME));
      resumeEveryJobUpgraded(savepoints);
      traffic.healthy();

      assertThat(rest.vertexNames(jobIds.get(TopologyJob.NAME))).as("the upgraded topology job's operators")
          .anySatisfy(name -> assertThat(name).contains(OtlpOptions.SPANS_TOPIC.defaultValue()));
      CommittedLog.Entry<Incident> next = incidents.await("snapshot of " + openIncident + " after the resume",
          entry -> entry.after(incidentsAtSavepoint) && entry.value().getId().equals(openIncident), PATIENCE);
      assertThat(next.value().getVersion()).as("the open incident's next version after the resume").isEqualTo(versionAtSavepoint + 1);
      CommittedLog.Entry<Incident> resolved = incidents.await("resolution of " + openIncident,
          entry -> entry.value().getId().equals(openIncident) && entry.value().getStatus() == IncidentStatus.RESOLVED, PATIENCE);
      int afterResume = assertEdgesKeepTheirFirstSeen(edges, edgesAtSavepoint, learned);
      System.out.printf("FlinkClusterITCase: upgraded by savepoint %s; %s was at version %d, resolved as version %d; %d edges kept (%d records after the resume)%n",
          savepoints.values(), openIncident, versionAtSavepoint, resolved.value().getVersion(), learned.size(), afterResume);
    }
  }

  /** Checks every edge the resumed topology job wrote (one at least) that it knew before; answers how many it checked. */
  private static int assertEdgesKeepTheirFirstSeen(CommittedLog<DependencyEdge> edges, Map<Integer, Long> atSavepoint, Map<String, Instant> learned) {
    edges.await("edge learned before the savepoint, written after the resume",
        entry -> entry.after(atSavepoint) && learned.containsKey(edgeKey(entry.value())), PATIENCE);
    List<DependencyEdge> afterResume = edges.entries().stream().filter(entry -> entry.after(atSavepoint)).map(CommittedLog.Entry::value)
        .filter(edge -> learned.containsKey(edgeKey(edge))).toList();
    assertThat(afterResume).as("edges learned before the savepoint, as the resumed job writes them")
        .allSatisfy(edge -> assertThat(edge.getFirstSeen()).as("first seen of %s", edgeKey(edge)).isEqualTo(learned.get(edgeKey(edge))));
    return afterResume.size();
  }

  /** Stops each job with a savepoint, once all its tasks run (a savepoint needs them all), answering each savepoint's path by job. */
  private static Map<String, String> stopEveryJobWithASavepoint() throws Exception {
    awaitEveryJob("running all its tasks", (job, id) -> rest.allTasksRunning(id));
    String target = workDir.resolve("savepoints").toUri().toString();
    Map<String, String> savepoints = new LinkedHashMap<>();
    for (Map.Entry<String, String> job : jobIds.entrySet()) {
      savepoints.put(job.getKey(), rest.stopWithSavepoint(job.getValue(), target, PATIENCE));
    }
    return savepoints;
  }

  /**
   * The detection job submitted from the topology job's savepoint (an operator's slip) is refused,
   * as any job would be that leaves state of the savepoint unmapped: so the resumes that succeed
   * below restored every operator's state, none dropped.
   */
  private static void assertAnotherJobsSavepointIsRefused(String topologySavepoint) throws Exception {
    String refusal;
    try {
      String jobId = rest.runJarFromSavepoint(jarId, ClusterEntryPoint.class.getName(), jobArguments(DetectionJob.NAME, List.of()), topologySavepoint);
      awaitEveryJob("failed", Map.of(DetectionJob.NAME, jobId), (job, id) -> rest.jobState(id).equals("FAILED"));
      refusal = rest.exceptions(jobId);
    } catch (IOException submitRefused) {
      refusal = submitRefused.getMessage();
    }
    assertThat(refusal).as("why the detection job did not start from the topology job's savepoint").contains("Cannot map");
  }

  /** Submits each job again from its savepoint, upgraded, refusing any state the new job would not restore. */
  private static void resumeEveryJobUpgraded(Map<String, String> savepoints) throws Exception {
    for (Map.Entry<String, String> savepoint : savepoints.entrySet()) {
      String job = savepoint.getKey();
      jobIds.put(job, rest.runJarFromSavepoint(jarId, ClusterEntryPoint.class.getName(), jobArguments(job, UPGRADE.get(job)), savepoint.getValue()));
    }
    awaitEveryJob("restored from its savepoint",
        (job, id) -> rest.restoredFrom(id).map(path -> sameFolder(path, savepoints.get(job))).orElse(false));
  }

  private static boolean sameFolder(String path, String savepoint) {
    return Path.of(URI.create(path).getPath()).equals(Path.of(URI.create(savepoint).getPath()));
  }

  private static List<String> jobArguments(String job, List<String> options) {
    List<String> arguments = new ArrayList<>(List.of("--job", job, "--causeway.kafka.bootstrap-servers", kafka.bootstrapServers()));
    arguments.addAll(options);
    return arguments;
  }

  private static void assertEveryVersionExactlyOnce(List<CommittedLog.Entry<Incident>> all, Map<Integer, Long> beforeRestart) {
    Map<String, List<Integer>> versionsById = new TreeMap<>();
    all.forEach(entry -> versionsById.computeIfAbsent(entry.value().getId(), id -> new ArrayList<>()).add(entry.value().getVersion()));
    long afterRestart = all.stream().filter(entry -> entry.after(beforeRestart)).count();
    Map<String, String> lastById = new TreeMap<>();
    all.forEach(entry -> lastById.put(entry.value().getId(), entry.value().getStatus() + " " + entry.value().getTitle()));
    System.out.printf("FlinkClusterITCase: %d incidents, %d snapshots (%d after the broker restart): %s; last snapshots %s%n",
        versionsById.size(), all.size(), afterRestart, versionsById, lastById);
    assertThat(versionsById).as("incidents of both faults").hasSizeGreaterThanOrEqualTo(2);
    assertThat(afterRestart).as("snapshots written after the broker restart").isPositive();
    versionsById.forEach((id, versions) -> {
      assertThat(versions).as("versions of %s, each exactly once", id).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(versions)).as("versions of %s, none lost", id)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
    });
  }

  private static String topSuspect(Incident incident) {
    return incident.getHypotheses().isEmpty() ? "" : incident.getHypotheses().get(0).getService();
  }

  private static String edgeKey(DependencyEdge edge) {
    return edge.getCaller() + "->" + edge.getCallee();
  }

  private static Map<String, Long> restarts() throws Exception {
    Map<String, Long> restarts = new TreeMap<>();
    for (Map.Entry<String, String> job : jobIds.entrySet()) {
      restarts.put(job.getKey(), rest.numRestarts(job.getValue()));
    }
    return restarts;
  }

  /** Waits until {@code condition} holds for every job, by name and id. */
  private static void awaitEveryJob(String what, JobCondition condition) throws Exception {
    awaitEveryJob(what, jobIds, condition);
  }

  private static void awaitEveryJob(String what, Map<String, String> jobs, JobCondition condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (Map.Entry<String, String> job : jobs.entrySet()) {
      while (!condition.holds(job.getKey(), job.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the " + job.getKey() + " job was not " + what + " within " + PATIENCE + ": " + rest.jobs());
        }
        Thread.sleep(500);
      }
    }
  }

  private interface JobCondition {
    boolean holds(String job, String jobId) throws Exception;
  }

  /** The index of the TaskManager that runs the job (all its tasks share one slot at parallelism 1). */
  private static int taskManagerRunning(String jobId) throws Exception {
    String id = rest.taskManagersOf(jobId).iterator().next();
    return IntStream.range(0, 2).filter(i -> FlinkCluster.taskManagerId(i).equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("job " + jobId + " runs on an unknown TaskManager " + id));
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
}
