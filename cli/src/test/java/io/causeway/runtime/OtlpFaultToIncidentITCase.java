package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
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
 * <p>The OTLP run reads the OTLP topics only ({@code causeway.otlp.only}): with the empty Avro
 * topics read too, event time waits for them to be found idle (10 s, two simulated minutes at
 * this speed), the windows of the fault's onset then close in one burst, and the first snapshot
 * holds fewer symptoms than the Avro run's, though it names the same suspect.
 */
class OtlpFaultToIncidentITCase {

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

    Incident viaAvro = firstIncident(workDir.resolve("avro"), fault, Map.of(), KafkaTelemetrySink::new, null);
    Incident viaOtlp = firstIncident(workDir.resolve("otlp"), fault,
        Map.of(OtlpOptions.ENABLED.key(), "true", OtlpOptions.ONLY.key(), "true", OtlpOptions.ENCODING.key(), encoding.exporterName()),
        bootstrap -> new OtlpTelemetrySink(bootstrap, encoding), OtlpFaultToIncidentITCase::assertOnlyOtlpTopicsWereWritten);

    Hypothesis avroTop = viaAvro.getHypotheses().get(0);
    Hypothesis otlpTop = viaOtlp.getHypotheses().get(0);
    System.out.printf("OtlpFaultToIncidentITCase %s via %s: avro top %s %s %.2f (%d symptoms), otlp top %s %s %.2f (%d symptoms)%n", fault, encodingName,
        avroTop.getService(), avroTop.getFaultKind(), avroTop.getConfidence(), viaAvro.getSymptoms().size(),
        otlpTop.getService(), otlpTop.getFaultKind(), otlpTop.getConfidence(), viaOtlp.getSymptoms().size());
    assertThat(avroTop.getService()).isEqualTo(service);
    assertThat(otlpTop.getService()).as("top suspect through OTLP").isEqualTo(avroTop.getService());
    assertThat(otlpTop.getFaultKind()).as("fault kind through OTLP").isEqualTo(avroTop.getFaultKind());
    assertThat(viaOtlp.getNoConfidentCause()).isEqualTo(viaAvro.getNoConfidentCause()).isFalse();
    assertThat(viaOtlp.getSymptoms()).anySatisfy(s -> assertThat(s.getService()).isEqualTo(service));
    assertThat(symptoms(viaOtlp)).as("anomalous signals in the first snapshot").isEqualTo(symptoms(viaAvro));
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

  /** Starts a runtime with {@code jobOptions}, runs the simulator into the sink, returns the first incident. */
  private static Incident firstIncident(Path dir, FaultSpec fault, Map<String, String> jobOptions, Function<String, TelemetrySink> sinks, Check afterwards)
      throws Exception {
    try (CausewayRuntime runtime = CausewayRuntime.start(dir, jobOptions);
        TelemetrySink sink = sinks.apply(runtime.bootstrapServers())) {
      Incident incident = FaultToIncidentITCase.withTraffic(
          new Simulator(FaultToIncidentITCase.simulatorConfig(fault), sink), () -> FaultToIncidentITCase.firstIncident(runtime.bootstrapServers()));
      if (afterwards != null) {
        afterwards.check(runtime.bootstrapServers());
      }
      return incident;
    }
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
