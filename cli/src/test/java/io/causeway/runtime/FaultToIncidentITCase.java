package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ActionType;
import io.causeway.avro.Anomaly;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.PolicyVerdict;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.jobs.CausewayOptions;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole pipeline on a real KRaft broker and a Flink MiniCluster: the simulator breaks one
 * service, and the first incident on the incidents topic — read with a plain, read-committed
 * Kafka consumer — names that service first; the edges into that service show the fault too.
 */
class FaultToIncidentITCase {

  /** Simulated seconds per wall second: the jobs run on event time, so only the wait shrinks. */
  private static final double SPEED = 12;
  private static final Duration FAULT_AFTER = Duration.ofSeconds(75);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  /** Denies what would disrupt a caller, so that the verdicts on the wire can only come from this file. */
  private static final String POLICY = """
      rules:
        - name: inspect-freely
          action: inspect
          verdict: ALLOWED
        - name: nothing-that-disrupts-callers
          action: [restart, rollback]
          dependents: ">= 1"
          verdict: DENIED
      fallback: NEEDS_APPROVAL
      """;

  @TempDir Path workDir;

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({
    "productcatalogservice, latency, LATENCY",
    "paymentservice, errors, ERRORS",
    "cartservice, bad-deploy, BAD_CHANGE"
  })
  void firstIncidentNamesTheBrokenServiceFirst(String service, String kind, String expectedFaultKind) throws Exception {
    FaultSpec fault = FaultSpec.parse(service + ":" + kind);
    Path policy = Files.writeString(workDir.resolve("it-policy.yaml"), POLICY);
    try (CausewayRuntime runtime = CausewayRuntime.start(workDir, Map.of(CausewayOptions.POLICY_FILE.key(), policy.toString()));
        KafkaTelemetrySink sink = new KafkaTelemetrySink(runtime.bootstrapServers())) {
      AtomicReference<Anomaly> edgeAnomaly = new AtomicReference<>();
      Incident incident =
          withTraffic(
              new Simulator(simulatorConfig(fault), sink),
              () -> {
                Incident first = firstIncident(runtime.bootstrapServers());
                edgeAnomaly.set(firstEdgeAnomalyOn(service, runtime.bootstrapServers()));
                return first;
              });

      assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
      assertThat(incident.getVersion()).isEqualTo(1);
      assertThat(incident.getNoConfidentCause()).isFalse();
      Hypothesis top = incident.getHypotheses().get(0);
      assertThat(top.getService()).as("%s", incident).isEqualTo(service);
      assertThat(top.getFaultKind().name()).isEqualTo(expectedFaultKind);
      assertThat(incident.getHypotheses()).isSortedAccordingTo((a, b) -> Double.compare(b.getScore(), a.getScore()));
      assertThat(incident.getSymptoms()).anySatisfy(s -> assertThat(s.getService()).isEqualTo(service));
      assertThat(top.getEvidence().getSummary()).isNotBlank();
      assertThat(edgeAnomaly.get().getEdge()).as("the detection job judges the edges into the broken service").endsWith("->" + service);
      assertThat(incident.getHypotheses()).flatExtracting(Hypothesis::getActions)
          .allSatisfy(action -> assertThat(action.getDecidedBy().getPolicy()).isEqualTo("it-policy.yaml"));
      assertThat(top.getActions()).filteredOn(a -> a.getType() != ActionType.INSPECT).isNotEmpty()
          .allSatisfy(action -> {
            assertThat(action.getBlastRadius().getDependents()).contains("frontend");
            assertThat(action.getVerdict()).isEqualTo(PolicyVerdict.DENIED);
            assertThat(action.getDecidedBy().getRule()).isEqualTo("nothing-that-disrupts-callers");
          });
    }
  }

  /** Starts the simulator 20 minutes in the past so that fast event time never runs ahead of now. */
  static SimulatorConfig simulatorConfig(FaultSpec fault) {
    return SimulatorConfig.builder()
        .seed(7)
        .requestsPerSecond(20)
        .fault(fault)
        .faultAfter(FAULT_AFTER)
        .speed(SPEED)
        .start(Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS))
        .build();
  }

  static <T> T withTraffic(Simulator simulator, java.util.concurrent.Callable<T> test) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> simulator.runPaced(running::get), "test-simulator");
    traffic.start();
    try {
      return test.call();
    } finally {
      running.set(false);
      traffic.join(10_000);
    }
  }

  /** The first anomaly on {@code anomalies} of an edge series into {@code service}. */
  private static Anomaly firstEdgeAnomalyOn(String service, String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-anomalies");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, Anomaly> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(Anomaly.class))) {
      consumer.subscribe(List.of(Topic.ANOMALIES.defaultName()));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Anomaly> record : consumer.poll(Duration.ofMillis(500))) {
          Anomaly anomaly = record.value();
          if (anomaly.getService().equals(service) && anomaly.getEdge() != null && anomaly.getSignal().startsWith("edge.")) {
            return anomaly;
          }
        }
      }
    }
    throw new AssertionError("no edge anomaly on " + service + " within " + PATIENCE);
  }

  static Incident firstIncident(String bootstrapServers) {
    try (KafkaConsumer<String, Incident> consumer = incidentConsumer(bootstrapServers, "it-incidents")) {
      consumer.subscribe(List.of(Topic.INCIDENTS.defaultName()));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
          assertThat(record.key()).isEqualTo(record.value().getId());
          return record.value();
        }
      }
    }
    throw new AssertionError("no incident on " + Topic.INCIDENTS.defaultName() + " within " + PATIENCE);
  }

  /** A read_committed consumer of incidents from the earliest offset. */
  static KafkaConsumer<String, Incident> incidentConsumer(String bootstrapServers, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(Incident.class));
  }
}
