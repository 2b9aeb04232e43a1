package io.causeway.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.avro.SimilarIncident;
import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.runtime.CausewayRuntime;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StateQueriesConfig;
import io.causeway.statequeries.StateQueriesService;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compounding memory end to end, on the real broker and a MiniCluster with every job and
 * state-queries: a latency fault in productcatalogservice opens an incident, a responder confirms
 * the cause over HTTP with a note, the fault goes away, and when it comes back the new incident
 * carries the first in {@code similarIncidents} with that note, and names the catalog first.
 */
class RecurringFaultITCase {

  private static final double SPEED = 12;
  private static final FaultSpec FAULT = FaultSpec.parse("productcatalogservice:latency");
  /** Longer than the group window (5 min) past the first fault, so the recurrence is its own incident. */
  private static final Duration RECURS_AFTER = Duration.ofMinutes(6);
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDir;

  @Test
  void theRecurrenceCarriesTheConfirmedFirstIncidentWithItsNoteAndRanksTheCauseFirst() throws Exception {
    AtomicReference<Simulator> traffic = new AtomicReference<>();
    try (CausewayRuntime runtime = CausewayRuntime.start(workDir.resolve("runtime"), Map.of());
        StateQueriesService stateQueries = StateQueriesService.start(StateQueriesConfig.builder()
            .bootstrapServers(runtime.bootstrapServers()).dataDir(workDir.resolve("state-queries")).port(0)
            .clock(new SimulatedClock(traffic)).build());
        KafkaTelemetrySink sink = new KafkaTelemetrySink(runtime.bootstrapServers());
        KafkaConsumer<String, Incident> incidents = incidentReader(runtime.bootstrapServers())) {
      Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
      Simulator first = new Simulator(config(start, Duration.ofSeconds(75)), sink);
      traffic.set(first);
      Incident firstIncident = whileRunning(first, () -> awaitIncident(incidents, i -> true));
      confirm(stateQueries, firstIncident.getId(), "productcatalogservice", "rolled back productcatalogservice 1.4.2");

      Simulator recurrence = new Simulator(config(first.now().plusSeconds(1), RECURS_AFTER), sink);
      traffic.set(recurrence);
      Incident secondIncident = whileRunning(recurrence, () -> awaitIncident(incidents, i -> !i.getId().equals(firstIncident.getId())));

      Hypothesis top = secondIncident.getHypotheses().get(0);
      System.out.printf("RecurringFaultITCase: first %s, second %s, top %s %.2f basis %s, similar %s%n", firstIncident.getId(),
          secondIncident.getId(), top.getService(), top.getConfidence(), top.getBasis(), top.getEvidence().getSimilarIncidents());
      assertThat(top.getService()).isEqualTo("productcatalogservice");
      assertThat(top.getEvidence().getSimilarIncidents()).extracting(SimilarIncident::getIncidentId).contains(firstIncident.getId());
      SimilarIncident recalled = top.getEvidence().getSimilarIncidents().stream()
          .filter(s -> s.getIncidentId().equals(firstIncident.getId())).findFirst().orElseThrow();
      assertThat(recalled.getResolutionNote()).isEqualTo("rolled back productcatalogservice 1.4.2");
      assertThat(recalled.getConfirmedCause()).isEqualTo("productcatalogservice");
      assertThat(top.getEvidence().getMemoryPrior().getFactor()).isGreaterThan(1.0);
    }
  }

  /**
   * The simulator's time, which runs ahead of a past start: state-queries stamps feedback with it,
   * as it stamps it with the wall clock where event time is the wall clock. (The job counts a
   * verdict from its own time on.)
   */
  private static final class SimulatedClock extends Clock {
    private final AtomicReference<Simulator> traffic;

    SimulatedClock(AtomicReference<Simulator> traffic) {
      this.traffic = traffic;
    }

    @Override
    public Instant instant() {
      Simulator simulator = traffic.get();
      return simulator == null ? Instant.now() : simulator.now(); // before the traffic: retention's first run
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static SimulatorConfig config(Instant start, Duration faultAfter) {
    return SimulatorConfig.builder().seed(7).requestsPerSecond(20).fault(FAULT).faultAfter(faultAfter).speed(SPEED).start(start).build();
  }

  /** The feedback as a responder sends it, once state-queries knows the incident. */
  private static void confirm(StateQueriesService stateQueries, String incidentId, String service, String note) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (http.send(HttpRequest.newBuilder(stateQueries.url().resolve("/api/incidents/" + incidentId)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      assertThat(System.nanoTime()).as("state-queries knows %s", incidentId).isLessThan(deadline);
      Thread.sleep(200); // polling the materialised view
    }
    String body = JSON.createObjectNode().put("verdict", "confirm").put("service", service).put("note", note).put("by", "it").toString();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(stateQueries.url().resolve("/api/incidents/" + incidentId + "/feedback"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode stored = JSON.readTree(answer.body());
    assertThat(stored.get("verdict").asText()).isEqualTo("CONFIRMED");
  }

  private static <T> T whileRunning(Simulator simulator, java.util.concurrent.Callable<T> test) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> simulator.runPaced(running::get), "it-simulator");
    traffic.start();
    try {
      return test.call();
    } finally {
      running.set(false);
      traffic.join(10_000);
    }
  }

  private static KafkaConsumer<String, Incident> incidentReader(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-recurring-incidents");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, Incident> consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(Incident.class));
    consumer.subscribe(List.of(Topic.INCIDENTS.defaultName()));
    return consumer;
  }

  /** The next OPEN snapshot that matches. */
  private static Incident awaitIncident(KafkaConsumer<String, Incident> consumer, Predicate<Incident> wanted) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
        Incident incident = record.value();
        if (incident.getStatus() == io.causeway.avro.IncidentStatus.OPEN && wanted.test(incident)) {
          return incident;
        }
      }
    }
    throw new AssertionError("no such incident within " + PATIENCE);
  }
}
