package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.OtlpTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.jobs.otlp.OtlpOptions;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same fault through both inputs: the simulator's telemetry once as Avro on Causeway's topics
 * and once as OTLP on the Collector's topics (what {@code ./causeway demo --input otlp} runs), each
 * on a fresh broker and MiniCluster, the jobs configured as the demo configures them. The first
 * incident of each names the same service first with the same fault kind and the same anomalous
 * signals, and the OTLP run used the OTLP topics alone, every record of them readable.
 *
 * <p>The signals are compared on each run's snapshot {@link #SETTLED} of event time after its
 * incident opened, not on the first: the correlation job takes anomalies in event-time order, so
 * the first snapshot holds what was detected up to the announce instant, and where the detectors'
 * window boundaries fall against the fault differs from run to run (each run's simulated clock
 * starts at a different second), so one run's first snapshot may close just before a symptom the
 * other's just holds.
 *
 * <p>The OTLP run reads the OTLP topics only ({@code causeway.otlp.only}): with the empty Avro
 * topics read too, event time waits for them to be found idle (10 s, two simulated minutes at
 * this speed), the windows of the fault's onset then close in one burst, and the first snapshot
 * holds fewer symptoms than the Avro run's, though it names the same suspect.
 */
class OtlpFaultToIncidentITCase {

  /** Event time after an incident opened at which both runs' symptoms are compared. */
  private static final Duration SETTLED = Duration.ofMinutes(2);
  /** Wall time to wait for the settled snapshot after the first: at the tests' speed 12, 2 minutes are 10 s. */
  private static final Duration SETTLING_PATIENCE = Duration.ofSeconds(60);

  @TempDir Path workDir;

  /**
   * The hard case (symptoms upstream first) in the Collector's default encoding; otlp_json and
   * another fault kind run through the launcher in {@code DemoCommandITCase}.
   */
  @ParameterizedTest(name = "{0}:{1} in {2}")
  @CsvSource({"productcatalogservice, latency, otlp_proto"})
  void otlpInputGivesTheIncidentTheAvroInputGives(String service, String kind, String encodingName) throws Exception {
    FaultSpec fault = FaultSpec.parse(service + ":" + kind);
    OtlpEncoding encoding = OtlpEncoding.of(encodingName);

    Snapshots viaAvro = snapshots(workDir.resolve("avro"), fault, Map.of(), KafkaTelemetrySink::new, null);
    Snapshots viaOtlp = snapshots(workDir.resolve("otlp"), fault,
        Map.of(OtlpOptions.ENABLED.key(), "true", OtlpOptions.ONLY.key(), "true", OtlpOptions.ENCODING.key(), encoding.exporterName()),
        bootstrap -> new OtlpTelemetrySink(bootstrap, encoding), OtlpFaultToIncidentITCase::assertOnlyOtlpTopicsWereWritten);

    Hypothesis avroTop = viaAvro.first().getHypotheses().get(0);
    Hypothesis otlpTop = viaOtlp.first().getHypotheses().get(0);
    System.out.printf("OtlpFaultToIncidentITCase %s via %s: avro top %s %s %.2f (%d symptoms, %d settled), otlp top %s %s %.2f (%d symptoms, %d settled)%n",
        fault, encodingName,
        avroTop.getService(), avroTop.getFaultKind(), avroTop.getConfidence(), viaAvro.first().getSymptoms().size(), viaAvro.settled().getSymptoms().size(),
        otlpTop.getService(), otlpTop.getFaultKind(), otlpTop.getConfidence(), viaOtlp.first().getSymptoms().size(), viaOtlp.settled().getSymptoms().size());
    assertThat(avroTop.getService()).isEqualTo(service);
    assertThat(otlpTop.getService()).as("top suspect through OTLP").isEqualTo(avroTop.getService());
    assertThat(otlpTop.getFaultKind()).as("fault kind through OTLP").isEqualTo(avroTop.getFaultKind());
    assertThat(viaOtlp.first().getNoConfidentCause()).isEqualTo(viaAvro.first().getNoConfidentCause()).isFalse();
    assertThat(viaOtlp.first().getSymptoms()).anySatisfy(s -> assertThat(s.getService()).isEqualTo(service));
    assertThat(symptoms(viaOtlp.settled())).as("anomalous signals " + SETTLED + " after the incident opened").isEqualTo(symptoms(viaAvro.settled()));
  }

  /**
   * The symptoms, but log-path shifts: those are judged per minute of event time, and where the
   * minute boundaries fall against the fault differs from run to run, so a shift may come just
   * before or just after the first snapshot.
   */
  private static java.util.Set<String> symptoms(Incident incident) {
    return incident.getSymptoms().stream()
        .filter(s -> !s.getSignal().equals(SignalCatalog.LOG_PATH_SHIFT))
        .map(s -> s.getService() + " " + s.getSignal())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The first incident's first snapshot, and its last one within {@link #SETTLED} of event time after it opened. */
  private record Snapshots(Incident first, Incident settled) {}

  /** Starts a runtime with {@code jobOptions}, runs the simulator into the sink, returns the first incident's snapshots. */
  private static Snapshots snapshots(Path dir, FaultSpec fault, Map<String, String> jobOptions, Function<String, TelemetrySink> sinks, Check afterwards)
      throws Exception {
    try (CausewayRuntime runtime = CausewayRuntime.start(dir, jobOptions);
        TelemetrySink sink = sinks.apply(runtime.bootstrapServers())) {
      Snapshots snapshots = FaultToIncidentITCase.withTraffic(
          new Simulator(FaultToIncidentITCase.simulatorConfig(fault), sink), () -> firstIncidentSettled(runtime.bootstrapServers()));
      if (afterwards != null) {
        afterwards.check(runtime.bootstrapServers());
      }
      return snapshots;
    }
  }

  /**
   * Reads the first incident, then its versions until one is past {@link #SETTLED} of event time
   * after it opened (or it resolved, or {@link #SETTLING_PATIENCE} ran out); the settled snapshot
   * is the last version not past it.
   */
  private static Snapshots firstIncidentSettled(String bootstrapServers) {
    Incident first = FaultToIncidentITCase.firstIncident(bootstrapServers);
    Instant settledAt = first.getOpenedAt().plus(SETTLED);
    Incident settled = first;
    try (KafkaConsumer<String, Incident> consumer = FaultToIncidentITCase.incidentConsumer(bootstrapServers, "it-incidents-settling")) {
      consumer.subscribe(List.of(Topic.INCIDENTS.defaultName()));
      long deadline = System.nanoTime() + SETTLING_PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
          Incident version = record.value();
          if (!version.getId().equals(first.getId())) {
            continue;
          }
          if (version.getUpdatedAt().isAfter(settledAt)) {
            return new Snapshots(first, settled);
          }
          settled = version;
          if (version.getStatus() == IncidentStatus.RESOLVED) {
            return new Snapshots(first, settled);
          }
        }
      }
    }
    return new Snapshots(first, settled);
  }

  @FunctionalInterface
  private interface Check {
    void check(String bootstrapServers) throws Exception;
  }

  /** Telemetry only on the OTLP topics, changes on the changes topic, and no dead letter. */
  private static void assertOnlyOtlpTopicsWereWritten(String bootstrapServers) throws Exception {
    OtlpTelemetrySink.Topics otlp = OtlpTelemetrySink.Topics.defaults();
    Map<String, Long> written = endOffsets(bootstrapServers,
        List.of(otlp.spans(), otlp.metrics(), otlp.logs(), Topic.CHANGES.defaultName(), Topic.SPANS.defaultName(), Topic.METRICS.defaultName(),
            Topic.LOGS.defaultName(), Topic.DEADLETTER.defaultName()));
    assertThat(written.get(otlp.spans())).isPositive();
    assertThat(written.get(otlp.metrics())).isPositive();
    assertThat(written.get(otlp.logs())).isPositive();
    assertThat(written.get(Topic.CHANGES.defaultName())).isPositive();
    assertThat(written.get(Topic.SPANS.defaultName()) + written.get(Topic.METRICS.defaultName()) + written.get(Topic.LOGS.defaultName())).isZero();
    assertThat(written.get(Topic.DEADLETTER.defaultName())).as("dead letters: the simulator's OTLP must all be readable").isZero();
  }

  /** Records on each topic, summed over its partitions. */
  private static Map<String, Long> endOffsets(String bootstrapServers, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.groupingBy(e -> e.getKey().topic(), Collectors.summingLong(e -> e.getValue().offset())));
    }
  }
}
