package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeType;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root-cause scenarios through the whole pipeline (real KRaft broker, Flink MiniCluster, the three
 * jobs, the simulator at 12x): two faults at once on unrelated services, a downstream fault seen
 * first upstream, and a bad deploy just before the onset.
 */
class RcaScenariosITCase {

  private static final double SPEED = 12;
  private static final Duration FAULT_AFTER = Duration.ofSeconds(75);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path workDir;

  @Test
  void twoFaultsAtOnceOnUnrelatedServicesGiveTwoIncidentsEachWithItsCauseFirst() throws Exception {
    SimulatorConfig config = config(FaultSpec.parse("productcatalogservice:latency"))
        .alsoFault(FaultSpec.parse("paymentservice:errors"))
        .build();

    Map<String, Incident> latest = watchUntil(config, incidents -> topServices(incidents).containsAll(java.util.Set.of("productcatalogservice", "paymentservice")));

    Incident catalog = byTop(latest, "productcatalogservice");
    Incident payment = byTop(latest, "paymentservice");
    assertThat(catalog.getId()).isNotEqualTo(payment.getId());
    assertThat(payment.getHypotheses().get(0).getFaultKind()).isEqualTo(FaultKind.ERRORS);
    Hypothesis catalogFirst = catalog.getHypotheses().get(0);
    assertThat(catalogFirst.getFaultKind()).isEqualTo(FaultKind.LATENCY);
    assertThat(catalog.getSymptoms()).as("seen upstream too").anySatisfy(s -> assertThat(s.getService()).isIn("frontend", "checkoutservice", "recommendationservice"));
    assertThat(catalogFirst.getEvidence().getPath()).as("from the outermost symptom down to the suspect").hasSizeGreaterThan(1).last().isEqualTo("productcatalogservice");
    assertThat(catalogFirst.getBasis()).contains("topology");
  }

  @Test
  void aDeployJustBeforeTheOnsetIsNamedInTheEvidenceOfItsServiceRankedFirst() throws Exception {
    SimulatorConfig config = config(FaultSpec.parse("cartservice:bad-deploy")).build();

    Map<String, Incident> latest = watchUntil(config, incidents -> topServices(incidents).contains("cartservice"));

    Hypothesis cart = byTop(latest, "cartservice").getHypotheses().get(0);
    assertThat(cart.getFaultKind()).isEqualTo(FaultKind.BAD_CHANGE);
    assertThat(cart.getBasis()).contains("change");
    assertThat(cart.getEvidence().getChanges()).anySatisfy(change -> assertThat(change.getType()).isEqualTo(ChangeType.DEPLOY));
  }

  private static SimulatorConfig.Builder config(FaultSpec fault) {
    return SimulatorConfig.builder()
        .seed(11)
        .requestsPerSecond(20)
        .fault(fault)
        .faultAfter(FAULT_AFTER)
        .speed(SPEED)
        .start(Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS));
  }

  /** Runs the simulator against the jobs and keeps each incident's latest snapshot until {@code done}. */
  private Map<String, Incident> watchUntil(SimulatorConfig config, Predicate<Map<String, Incident>> done) throws Exception {
    Map<String, Incident> latest = new LinkedHashMap<>();
    try (CausewayRuntime runtime = CausewayRuntime.start(workDir, Map.of());
        KafkaTelemetrySink sink = new KafkaTelemetrySink(runtime.bootstrapServers());
        IncidentWatcher watcher = new IncidentWatcher(runtime.bootstrapServers(), Topic.INCIDENTS.defaultName())) {
      Simulator simulator = new Simulator(config, sink);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread traffic = new Thread(() -> simulator.runPaced(running::get), "test-simulator");
      traffic.start();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      try {
        watcher.watch(incident -> latest.put(incident.getId(), incident), () -> !done.test(latest) && System.nanoTime() < deadline);
      } finally {
        running.set(false);
        traffic.join(10_000);
      }
    }
    assertThat(done.test(latest)).as("incidents within %s: %s", PATIENCE, summary(latest)).isTrue();
    return latest;
  }

  private static java.util.Set<String> topServices(Map<String, Incident> incidents) {
    java.util.Set<String> tops = new java.util.HashSet<>();
    incidents.values().stream().filter(i -> !i.getHypotheses().isEmpty()).forEach(i -> tops.add(i.getHypotheses().get(0).getService()));
    return tops;
  }

  private static Incident byTop(Map<String, Incident> incidents, String service) {
    return incidents.values().stream()
        .filter(i -> !i.getHypotheses().isEmpty() && i.getHypotheses().get(0).getService().equals(service))
        .findFirst()
        .orElseThrow();
  }

  private static String summary(Map<String, Incident> incidents) {
    return incidents.values().stream().map(i -> i.getId() + " " + i.getTitle()).toList().toString();
  }
}
