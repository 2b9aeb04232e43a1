package io.causeway.notify;

import static io.causeway.notify.NotifyFixtures.NOW;
import static io.causeway.notify.NotifyFixtures.incident;
import static io.causeway.notify.NotifyFixtures.record;
import static io.causeway.notify.NotifyFixtures.silence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.notify.config.RetryPolicy;
import io.causeway.notify.config.SinkConfig;
import io.causeway.notify.sinks.AlertmanagerSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Alertmanager sink posts (against a local stand-in): endsAt held ahead and re-posted
 * every repost-every for active alerts, labels fixed at the first post, a resolved or silenced
 * incident no longer re-posted.
 */
class AlertmanagerSinkTest {

  private static final Duration REPOST = Duration.ofMinutes(1);
  private static final Duration HOLD = Duration.ofMinutes(5);

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
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

  private final MovingClock clock = new MovingClock();
  private RecordingServer alertmanager;
  private Notifier notifier;

  @BeforeEach
  void start() throws Exception {
    alertmanager = new RecordingServer(200);
    SinkConfig.Alertmanager config = new SinkConfig.Alertmanager("am", alertmanager.uri("/"), REPOST, HOLD, Map.of());
    notifier = new Notifier(List.of(new AlertmanagerSink(config, Duration.ofSeconds(5), 100)),
        new Delivery(HttpClient.newHttpClient(), RetryPolicy.DEFAULT, d -> { }), new DeliveryLedger(100), new Responders(100),
        letter -> { throw new AssertionError(letter.toString()); }, new SimpleMeterRegistry(), clock, null);
  }

  @AfterEach
  void stop() {
    alertmanager.close();
  }

  @Test
  void anAlertIsPostedToTheV2ApiWithEndsAtHeldAheadAndRepostedWhileActive() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 1, "inc-1"));

    RecordingServer.Received first = alertmanager.received().get(0);
    assertThat(first.path()).isEqualTo("/api/v2/alerts");
    JsonNode alert = first.json().get(0);
    assertThat(alert.path("startsAt").asText()).isEqualTo(NotifyFixtures.OPENED.toString());
    assertThat(alert.path("endsAt").asText()).isEqualTo(NOW.plus(HOLD).toString());

    notifier.tick();
    clock.now = NOW.plusSeconds(30);
    notifier.tick();
    clock.now = NOW.plus(REPOST).plusSeconds(1);
    notifier.tick();

    List<RecordingServer.Received> posts = alertmanager.received();
    assertThat(posts).hasSize(3);
    assertThat(posts.get(1).json().get(0).path("endsAt").asText()).isEqualTo(NOW.plus(HOLD).toString());
    assertThat(posts.get(2).json().get(0).path("endsAt").asText()).isEqualTo(NOW.plus(REPOST).plusSeconds(1).plus(HOLD).toString());
  }

  @Test
  void laterVersionsKeepTheLabelsOfTheFirstPostSoTheyUpdateTheSameAlert() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 1, "inc-1"));
    Incident reRanked = incident("inc-1", IncidentStatus.UPDATED, 2, "redis-cart");

    notifier.onIncident(reRanked, record("incidents", 2, "inc-1"));

    List<RecordingServer.Received> posts = alertmanager.received();
    assertThat(posts.get(1).json().get(0).path("labels")).isEqualTo(posts.get(0).json().get(0).path("labels"));
    assertThat(posts.get(1).json().get(0).at("/annotations/summary").asText()).isEqualTo("latency in redis-cart");
    assertThat(posts.get(1).json().get(0).at("/annotations/version").asText()).isEqualTo("2");
  }

  @Test
  void resolvedEndsTheAlertAtItsResolutionAndSilencedOrResolvedAlertsAreNotReposted() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 1, "inc-1"));
    notifier.onIncident(incident("inc-2", IncidentStatus.OPEN, 1, "paymentservice"), record("incidents", 2, "inc-2"));
    notifier.onIncident(incident("inc-1", IncidentStatus.RESOLVED, 2, "cartservice"), record("incidents", 3, "inc-1"));

    assertThat(alertmanager.received().get(2).json().get(0).path("endsAt").asText()).isEqualTo(NotifyFixtures.OPENED.plus(Duration.ofMinutes(2)).toString());

    notifier.tick();
    assertThat(alertmanager.received().get(3).json()).extracting(a -> a.at("/labels/incident").asText()).containsExactly("inc-2");

    notifier.onSilence("sil-1", silence("sil-1", "paymentservice", null, NOW.plus(Duration.ofHours(1))));
    clock.now = NOW.plus(REPOST);
    notifier.tick();
    assertThat(alertmanager.received()).hasSize(4);
  }
}
