package io.causeway.notify;

import static io.causeway.notify.NotifyFixtures.incident;
import static io.causeway.notify.NotifyFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.IncidentStatus;
import io.causeway.notify.config.RetryPolicy;
import io.causeway.notify.config.SinkConfig;
import io.causeway.notify.sinks.AlertmanagerSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager sink against a real Alertmanager started on loopback: an incident becomes an
 * alert there with the labels routing relies on and reaches its receiver (a local webhook), a
 * silence made in Alertmanager suppresses another incident's alert (its receiver gets nothing),
 * and RESOLVED resolves the alert (the receiver hears "resolved").
 */
class AlertmanagerITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static RecordingServer receiver;
  private static AlertmanagerProcess alertmanager;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startAlertmanager() throws Exception {
    Assumptions.assumeTrue(AlertmanagerProcess.installed(),
        "no Alertmanager at " + AlertmanagerProcess.BINARY + ": apt-get install -y prometheus-alertmanager (.ci/run installs it)");
    receiver = new RecordingServer(200);
    alertmanager = AlertmanagerProcess.start(dir, """
        route:
          receiver: causeway-test
          group_by: ['incident']
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: causeway-test
            webhook_configs:
              - url: %s
                send_resolved: true
        """.formatted(receiver.uri("/alertmanager")));
  }

  @AfterAll
  static void stopAlertmanager() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void anIncidentFiresASilenceInAlertmanagerSuppressesAnotherAndResolvedResolves() throws Exception {
    Notifier notifier = notifier();
    String silenceId = silenceInAlertmanager("inc-quiet");

    notifier.onIncident(incident("inc-quiet", IncidentStatus.OPEN, 1, "paymentservice"), record("incidents", 1, "inc-quiet"));
    notifier.onIncident(incident("inc-fire", IncidentStatus.OPEN, 1, "productcatalogservice"), record("incidents", 2, "inc-fire"));

    JsonNode fired = await(() -> alerts("inc-fire"), a -> a.size() == 1).get(0);
    assertThat(fired.path("labels").path("alertname").asText()).isEqualTo(AlertmanagerSink.ALERTNAME);
    assertThat(fired.path("labels").path("service").asText()).isEqualTo("productcatalogservice");
    assertThat(fired.path("labels").path("fault_kind").asText()).isEqualTo("latency");
    assertThat(fired.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(fired.path("labels").path("team").asText()).isEqualTo("sre");
    assertThat(fired.path("annotations").path("summary").asText()).isEqualTo("latency in productcatalogservice");
    assertThat(fired.path("status").path("state").asText()).isEqualTo("active");
    await(() -> notificationsFor("inc-fire"), n -> n.contains("firing"));

    JsonNode quiet = await(() -> alerts("inc-quiet"), a -> a.size() == 1).get(0);
    assertThat(quiet.path("status").path("state").asText()).isEqualTo("suppressed");
    assertThat(quiet.path("status").path("silencedBy").toString()).contains(silenceId);

    notifier.onIncident(incident("inc-fire", IncidentStatus.RESOLVED, 2, "productcatalogservice"), record("incidents", 3, "inc-fire"));

    await(() -> notificationsFor("inc-fire"), n -> n.contains("resolved"));
    assertThat(alerts("inc-fire")).as("a resolved alert is no longer listed").isEmpty();
    assertThat(notificationsFor("inc-quiet")).as("the silenced alert reached no receiver").isEmpty();
  }

  private Notifier notifier() {
    SinkConfig.Alertmanager config = new SinkConfig.Alertmanager("alertmanager", alertmanager.uri(), Duration.ofMinutes(1), Duration.ofMinutes(5), Map.of("team", "sre"));
    Delivery delivery = new Delivery(http, new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100)), d -> Thread.sleep(d.toMillis()));
    return new Notifier(List.of(new AlertmanagerSink(config, Duration.ofSeconds(5), 100)), delivery, new DeliveryLedger(100), new Responders(100),
        letter -> { throw new AssertionError("dead letter: " + letter); }, new SimpleMeterRegistry(), Clock.systemUTC(), URI.create("http://causeway.example:8080"));
  }

  private String silenceInAlertmanager(String incidentId) throws Exception {
    Instant now = Instant.now();
    String body = JSON.createObjectNode()
        .put("startsAt", now.minusSeconds(1).toString())
        .put("endsAt", now.plus(Duration.ofHours(1)).toString())
        .put("createdBy", "alertmanager-itcase")
        .put("comment", "maintenance")
        .set("matchers", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("name", "incident").put("value", incidentId).put("isRegex", false).put("isEqual", true)))
        .toString();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(alertmanager.uri().resolve("/api/v2/silences"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).path("silenceID").asText();
  }

  private List<JsonNode> alerts(String incidentId) throws Exception {
    String filter = URLEncoder.encode("incident=\"" + incidentId + "\"", StandardCharsets.UTF_8);
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(alertmanager.uri().resolve("/api/v2/alerts?filter=" + filter)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<JsonNode> alerts = new ArrayList<>();
    JSON.readTree(answer.body()).forEach(alerts::add);
    return alerts;
  }

  /** The statuses ({@code firing}, {@code resolved}) of the receiver's notifications about the incident. */
  private List<String> notificationsFor(String incidentId) {
    List<String> statuses = new ArrayList<>();
    for (RecordingServer.Received notification : receiver.received()) {
      for (JsonNode alert : notification.json().path("alerts")) {
        if (alert.path("labels").path("incident").asText().equals(incidentId)) {
          statuses.add(alert.path("status").asText());
        }
      }
    }
    return statuses;
  }

  @FunctionalInterface
  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T await(Probe<T> probe, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WITHIN + ": " + last);
      }
      Thread.sleep(200);
      last = probe.get();
    }
    return last;
  }
}
