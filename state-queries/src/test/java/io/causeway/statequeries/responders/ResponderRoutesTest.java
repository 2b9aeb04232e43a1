package io.causeway.statequeries.responders;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.FaultKind;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Silence;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.Fixtures;
import io.causeway.statequeries.StoreFixture;
import io.causeway.statequeries.http.ApiRoutes;
import io.causeway.statequeries.http.ApiServer;
import io.causeway.statequeries.http.RefusedRequests;
import io.causeway.statequeries.query.GraphQueries;
import io.causeway.statequeries.query.IncidentQueries;
import io.causeway.statequeries.query.ServiceQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ack and silence endpoints on a real server over a real store: what they write (topic, key,
 * record), what they refuse (400/404, each a dead letter), and what the views then answer.
 */
class ResponderRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One write the routes asked for. */
  private record Written(Topic topic, String key, SpecificRecord value) {}

  @TempDir Path dir;
  private StoreFixture store;
  private ApiServer server;
  private final List<Written> written = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private boolean brokerDown;

  @BeforeEach
  void start() throws Exception {
    store = new StoreFixture(dir);
    store.apply(Topic.INCIDENTS, "inc-1", Fixtures.incident("inc-1", IncidentStatus.OPEN, 1, T0, T1, "cartservice"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    IncidentQueries incidents = new IncidentQueries(store.store());
    GraphQueries graph = new GraphQueries(store.store());
    ResponderRoutes.Writer writer = new ResponderRoutes.Writer() {
      @Override
      public <T extends SpecificRecord> void publish(Topic topic, String key, T value, Instant timestamp) throws IOException {
        if (brokerDown) {
          throw new IOException("the record for '" + key + "' was not written: timed out");
        }
        written.add(new Written(topic, key, value));
        try {
          store.apply(topic, key, value); // as the materialiser would, once the broker has it
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    };
    RefusedRequests refused = (source, body, reason, message) -> refusals.add(source + " " + reason);
    server = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 2, new SimpleMeterRegistry(), refused,
        new ApiRoutes(graph, new ServiceQueries(store.store(), graph, clock, Duration.ofMinutes(2)), incidents, clock, 100),
        new ResponderRoutes(new ResponderViews(store.store()), incidents, writer, clock));
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void anAckOfAKnownIncidentIsWrittenKeyedByItsIdAndShowsOnTheIncident() throws Exception {
    HttpResponse<String> answer = post("/api/incidents/inc-1/ack", "{\"by\":\"alice\",\"note\":\"rolling back cartservice\"}");

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(written).singleElement().satisfies(w -> {
      assertThat(w.topic()).isEqualTo(Topic.ACKS);
      assertThat(w.key()).isEqualTo("inc-1");
      IncidentAck ack = (IncidentAck) w.value();
      assertThat(ack.getBy()).isEqualTo("alice");
      assertThat(ack.getNote()).isEqualTo("rolling back cartservice");
      assertThat(ack.getTime()).isEqualTo(NOW);
    });
    JsonNode incident = JSON.readTree(get("/api/incidents/inc-1").body());
    assertThat(incident.path("acks")).hasSize(1);
    assertThat(incident.path("acks").get(0).path("by").asText()).isEqualTo("alice");
    assertThat(incident.path("acks").get(0).path("time").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void anAckWithoutWhoOrOfAnUnknownIncidentOrWithStrayFieldsIsRefusedAndDeadLettered() throws Exception {
    HttpResponse<String> noBy = post("/api/incidents/inc-1/ack", "{\"note\":\"x\"}");
    HttpResponse<String> unknown = post("/api/incidents/inc-404/ack", "{\"by\":\"alice\"}");
    HttpResponse<String> stray = post("/api/incidents/inc-1/ack", "{\"by\":\"alice\",\"until\":\"2h\"}");

    assertThat(noBy.statusCode()).isEqualTo(400);
    assertThat(noBy.body()).contains("'by' is required");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(stray.statusCode()).isEqualTo(400);
    assertThat(stray.body()).contains("unknown field 'until'");
    assertThat(written).isEmpty();
    assertThat(refusals).containsExactly(
        "http:/api/incidents/{id}/ack bad_request", "http:/api/incidents/{id}/ack not_found", "http:/api/incidents/{id}/ack bad_request");
  }

  @Test
  void aSilenceForADurationIsWrittenListedAndEndsWhenExpired() throws Exception {
    HttpResponse<String> created = post("/api/silences", "{\"service\":\"cartservice\",\"faultKind\":\"latency\",\"until\":\"2h\",\"by\":\"bob\",\"comment\":\"load test\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    Silence silence = (Silence) written.get(0).value();
    assertThat(written.get(0).topic()).isEqualTo(Topic.SILENCES);
    assertThat(written.get(0).key()).isEqualTo(silence.getId()).startsWith("sil-");
    assertThat(silence.getService()).isEqualTo("cartservice");
    assertThat(silence.getFaultKind()).isEqualTo(FaultKind.LATENCY);
    assertThat(silence.getUntil()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(JSON.readTree(get("/api/silences").body()).path("silences")).hasSize(1);

    HttpResponse<String> expired = post("/api/silences/" + silence.getId() + "/expire", "");

    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(((Silence) written.get(1).value()).getUntil()).isEqualTo(NOW);
    assertThat(JSON.readTree(get("/api/silences").body()).path("silences")).isEmpty();
    assertThat(JSON.readTree(get("/api/silences?all=true").body()).path("silences").get(0).path("until").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void aSilenceUntilAnIsoTimeWithoutFaultKindCoversEveryKind() throws Exception {
    Instant until = NOW.plus(Duration.ofMinutes(45));

    HttpResponse<String> created = post("/api/silences", "{\"service\":\"cartservice\",\"until\":\"" + until + "\",\"by\":\"bob\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    Silence silence = (Silence) written.get(0).value();
    assertThat(silence.getUntil()).isEqualTo(until);
    assertThat(silence.getFaultKind()).isNull();
  }

  @Test
  void silencesThatCannotMeanWhatTheySayAreRefused() throws Exception {
    List<String> bodies = List.of(
        "{\"until\":\"2h\",\"by\":\"bob\"}",
        "{\"service\":\"cartservice\",\"faultKind\":\"slowness\",\"until\":\"2h\",\"by\":\"bob\"}",
        "{\"service\":\"cartservice\",\"until\":\"" + NOW.minusSeconds(1) + "\",\"by\":\"bob\"}",
        "{\"service\":\"cartservice\",\"until\":\"31d\",\"by\":\"bob\"}",
        "{\"service\":\"cartservice\",\"until\":\"soon\",\"by\":\"bob\"}",
        "{\"service\":42,\"until\":\"2h\",\"by\":\"bob\"}");

    List<String> messages = new ArrayList<>();
    for (String body : bodies) {
      HttpResponse<String> answer = post("/api/silences", body);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      messages.add(JSON.readTree(answer.body()).path("message").asText());
    }

    assertThat(messages).containsExactly(
        "'service' is required",
        "'faultKind' must be one of latency, errors, saturation, crash, bad_change, dependency, was 'slowness'",
        "'until' (" + NOW.minusSeconds(1) + ") must be in the future",
        "'until' (" + NOW.plus(Duration.ofDays(31)) + ") is more than 30 days ahead; silence for less and renew it",
        "'until' must be an ISO-8601 time (2026-12-07T18:00:00Z) or a duration from now (2h, 30m), was 'soon'",
        "'service' must be a string");
    assertThat(written).isEmpty();
    assertThat(refusals).hasSize(bodies.size()).allMatch(r -> r.equals("http:/api/silences bad_request"));
  }

  @Test
  void expiringAnUnknownSilenceIs404AndABrokerThatDoesNotStoreTheWriteIs503() throws Exception {
    assertThat(post("/api/silences/sil-nope/expire", "").statusCode()).isEqualTo(404);

    brokerDown = true;
    HttpResponse<String> answer = post("/api/incidents/inc-1/ack", "{\"by\":\"alice\"}");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("try again");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    InetSocketAddress address = server.address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + path);
  }
}
