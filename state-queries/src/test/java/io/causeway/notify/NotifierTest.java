package io.causeway.notify;

import static io.causeway.notify.NotifyFixtures.NOW;
import static io.causeway.notify.NotifyFixtures.ack;
import static io.causeway.notify.NotifyFixtures.incident;
import static io.causeway.notify.NotifyFixtures.record;
import static io.causeway.notify.NotifyFixtures.silence;
import static io.causeway.notify.PublishedFormats.assertPagerDutyEvent;
import static io.causeway.notify.PublishedFormats.assertSlackMessage;
import static io.causeway.notify.PublishedFormats.slackText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.FaultKind;
import io.causeway.avro.IncidentStatus;
import io.causeway.notify.config.RetryPolicy;
import io.causeway.notify.config.SinkConfig;
import io.causeway.notify.sinks.PagerDutySink;
import io.causeway.notify.sinks.Sink;
import io.causeway.notify.sinks.SlackSink;
import io.causeway.notify.sinks.WebhookSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against local stand-ins for Slack, PagerDuty and a webhook receiver (real HTTP on
 * loopback): payloads in the published formats, retries with backoff, dedup of versions, dead
 * letters after the last try, acknowledgements and silences honoured, RESOLVED closing the page.
 */
class NotifierTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String SECRET = "0123456789abcdef-secret";
  private static final URI STATE_QUERIES = URI.create("http://causeway.example:8080");

  private RecordingServer slack;
  private RecordingServer pagerduty;
  private RecordingServer webhook;
  private final List<Duration> waits = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Notifier notifier;

  @BeforeEach
  void start() throws Exception {
    slack = new RecordingServer(200);
    pagerduty = new RecordingServer(202);
    webhook = new RecordingServer(200);
    List<Sink> sinks = List.of(
        new SlackSink(new SinkConfig.Slack("slack", slack.uri("/services/T0/B0/X")), TIMEOUT, 1000),
        new PagerDutySink(new SinkConfig.PagerDuty("pagerduty", pagerduty.uri("/v2/enqueue"), "R0UT1NGKEY0123456789abcdefabcdef", "causeway-test"), TIMEOUT),
        new WebhookSink(new SinkConfig.Webhook("hook", webhook.uri("/causeway"), SECRET), TIMEOUT));
    Delivery delivery = new Delivery(HttpClient.newHttpClient(), new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10)), waits::add);
    notifier = new Notifier(sinks, delivery, new DeliveryLedger(1000), new Responders(1000), deadLetters::add, meters,
        Clock.fixed(NOW, ZoneOffset.UTC), STATE_QUERIES);
  }

  @AfterEach
  void stop() {
    slack.close();
    pagerduty.close();
    webhook.close();
  }

  @Test
  void anOpenIncidentTriggersAPagerDutyAlertInItsPublishedFormatKeyedByTheIncidentId() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "productcatalogservice"), record("incidents", 7, "inc-1"));

    JsonNode event = pagerduty.received().get(0).json();
    assertPagerDutyEvent(event);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isEqualTo("inc-1");
    assertThat(event.path("routing_key").asText()).isEqualTo("R0UT1NGKEY0123456789abcdefabcdef");
    assertThat(event.at("/payload/summary").asText()).isEqualTo("latency in productcatalogservice");
    assertThat(event.at("/payload/source").asText()).isEqualTo("causeway-test");
    assertThat(event.at("/payload/severity").asText()).isEqualTo("critical");
    assertThat(event.at("/payload/component").asText()).isEqualTo("productcatalogservice");
    assertThat(event.at("/payload/custom_details/top_causes")).hasSize(3);
    assertThat(event.at("/links/0/href").asText()).isEqualTo("http://causeway.example:8080/api/incidents/inc-1");
    assertThat(pagerduty.received().get(0).header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void aSlackMessageIsValidBlockKitWithTitleTopThreeCausesEvidenceBlastRadiusAndLink() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "productcatalogservice"), record("incidents", 7, "inc-1"));

    JsonNode message = slack.received().get(0).json();
    assertSlackMessage(message);
    assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(message.path("blocks").get(0).at("/text/text").asText()).isEqualTo("OPEN v1: latency in productcatalogservice");
    String text = slackText(message);
    assertThat(text)
        .contains("1. *productcatalogservice* latency — confidence 0.62")
        .contains("2. *recommendationservice* dependency — confidence 0.14")
        .contains("3. *checkoutservice* dependency — confidence 0.09")
        .doesNotContain("4.")
        .contains("Evidence: red.latency.p90 181 vs 1.50 expected (z 179.4) in productcatalogservice")
        .contains("*Blast radius*: 3 dependents: frontend, checkoutservice, recommendationservice; 80% of entry traffic reaches the suspect")
        .contains("<http://causeway.example:8080/api/incidents/inc-1|Open in Causeway>");
  }

  @Test
  void theWebhookBodyIsSignedWithHmacSha256OfTheBytesSent() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    RecordingServer.Received request = webhook.received().get(0);
    assertThat(request.header(WebhookSink.SIGNATURE_HEADER)).isEqualTo(WebhookSink.signature(SECRET, request.body()));
    assertThat(request.header(WebhookSink.SIGNATURE_HEADER)).matches("sha256=[0-9a-f]{64}");
    assertThat(request.json().path("event").asText()).isEqualTo("trigger");
    assertThat(request.json().at("/incident/hypotheses/0/service").asText()).isEqualTo("cartservice");
    assertThat(request.json().at("/incident/openedAt").asText()).isEqualTo(NotifyFixtures.OPENED.toString());
    assertThat(WebhookSink.signature("another-secret-of-16", request.body())).isNotEqualTo(request.header(WebhookSink.SIGNATURE_HEADER));
  }

  @Test
  void aSinkThatFailsTwiceIsRetriedWithBackoffAndDeliversOnce() throws Exception {
    slack.thenAnswer(500, 503);

    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    assertThat(slack.received()).hasSize(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(deadLetters).isEmpty();
    assertThat(meters.counter("causeway.notify.retries", "sink", "slack").count()).isEqualTo(2.0);
    assertThat(meters.counter("causeway.notify.delivered", "sink", "slack", "action", "trigger").count()).isEqualTo(1.0);
  }

  @Test
  void pagerDutyThrottlingTwiceIsRetriedAfterItsRetryAfterAndTriggersOnce() throws Exception {
    pagerduty.thenAnswer(429, 502);

    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    assertThat(pagerduty.received()).hasSize(3).allSatisfy(r -> assertPagerDutyEvent(r.json()));
    assertThat(waits).as("Retry-After: 3 outweighs the first backoff; the second is the policy's").containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1));
    assertThat(deadLetters).isEmpty();
    assertThat(meters.counter("causeway.notify.delivered", "sink", "pagerduty", "action", "trigger").count()).isEqualTo(1.0);
  }

  @Test
  void theSameVersionTwiceIsOneRequestAndANewerVersionIsAnother() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 2, "cartservice"), record("incidents", 8, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    assertThat(pagerduty.received()).extracting(r -> r.json().path("event_action").asText()).containsExactly("trigger", "trigger");
    assertThat(webhook.received()).hasSize(2);
    assertThat(meters.counter("causeway.notify.skipped", "sink", "pagerduty", "reason", "duplicate").count()).isEqualTo(2.0);
  }

  @Test
  void slackHearsOfALaterVersionOnlyWhenItsFirstSuspectChanged() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 2, "cartservice"), record("incidents", 8, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 3, "redis-cart"), record("incidents", 9, "inc-1"));

    assertThat(slack.received()).extracting(r -> r.json().at("/blocks/0/text/text").asText())
        .containsExactly("OPEN v1: latency in cartservice", "UPDATED v3: latency in redis-cart");
    assertThat(pagerduty.received()).hasSize(3);
    assertThat(meters.counter("causeway.notify.skipped", "sink", "slack", "reason", "nothing-to-say").count()).isEqualTo(1.0);
  }

  @Test
  void aSinkThatAlwaysFailsGetsADeadLetterPointingAtTheIncidentRecordAndTheOthersStillDeliver() throws Exception {
    slack.alwaysAnswer(500);

    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    assertThat(slack.received()).hasSize(3);
    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.getReason()).isEqualTo("notify-slack-failed");
      assertThat(letter.getSourceTopic()).isEqualTo("incidents");
      assertThat(letter.getPartition()).isEqualTo(1);
      assertThat(letter.getOffset()).isEqualTo(7L);
      assertThat(letter.getConsumer()).isEqualTo("notify");
      assertThat(letter.getError()).contains("sink slack: trigger of inc-1 v1 failed after 3 attempts: HTTP 500");
    });
    assertThat(pagerduty.received()).hasSize(1);
    assertThat(meters.counter("causeway.notify.failed", "sink", "slack", "action", "trigger").count()).isEqualTo(1.0);
    assertThat(meters.counter("causeway.notify.dead.letters", "reason", "notify-slack-failed").count()).isEqualTo(1.0);
  }

  @Test
  void aRefusalThatAskingAgainCannotMendIsNotRetried() throws Exception {
    pagerduty.alwaysAnswer(400);

    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    assertThat(pagerduty.received()).hasSize(1);
    assertThat(deadLetters).extracting(l -> l.getReason()).containsExactly("notify-pagerduty-failed");
  }

  @Test
  void anAcknowledgementAcknowledgesThePageOnceAndLaterUpdatesPageNoOne() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));

    notifier.onAck(ack("inc-1", "alice"), record("incident.acks", 0, "inc-1"), true);
    notifier.onAck(ack("inc-1", "carol"), record("incident.acks", 1, "inc-1"), true);
    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 2, "cartservice"), record("incidents", 8, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 3, "cartservice"), record("incidents", 9, "inc-1"));

    List<JsonNode> events = pagerduty.received().stream().map(RecordingServer.Received::json).toList();
    assertThat(events).extracting(e -> e.path("event_action").asText()).containsExactly("trigger", "acknowledge");
    events.forEach(PublishedFormats::assertPagerDutyEvent);
    assertThat(events.get(1).path("dedup_key").asText()).isEqualTo("inc-1");
    assertThat(slack.received()).hasSize(2);
    assertSlackMessage(slack.received().get(1).json());
    assertThat(slackText(slack.received().get(1).json())).contains("Acknowledged by *alice*: rolling back");
  }

  @Test
  void anAckReadFromHistoryIsHonouredByTheNextUpdateInsteadOfPagingThenAndThere() throws Exception {
    notifier.onAck(ack("inc-1", "alice"), record("incident.acks", 0, "inc-1"), false);

    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 4, "cartservice"), record("incidents", 9, "inc-1"));

    assertThat(pagerduty.received()).extracting(r -> r.json().path("event_action").asText()).containsExactly("acknowledge");
  }

  @Test
  void resolvedClosesThePageAndNothingFollowsIt() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.RESOLVED, 2, "cartservice"), record("incidents", 8, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.RESOLVED, 2, "cartservice"), record("incidents", 8, "inc-1"));

    List<JsonNode> events = pagerduty.received().stream().map(RecordingServer.Received::json).toList();
    assertThat(events).extracting(e -> e.path("event_action").asText()).containsExactly("trigger", "resolve");
    assertPagerDutyEvent(events.get(1));
    assertThat(slackText(slack.received().get(1).json())).contains("Resolved at " + NotifyFixtures.OPENED.plus(Duration.ofMinutes(2)));
    assertThat(webhook.received()).extracting(r -> r.json().path("event").asText()).containsExactly("trigger", "resolve");
  }

  @Test
  void aSilencedServiceAndFaultKindIsSentNowhereUntilTheSilenceEnds() throws Exception {
    notifier.onSilence("sil-1", silence("sil-1", "cartservice", FaultKind.LATENCY, NOW.plusSeconds(60)));
    notifier.onSilence("sil-2", silence("sil-2", "paymentservice", FaultKind.ERRORS, NOW.plusSeconds(60)));
    notifier.onSilence("sil-3", silence("sil-3", "currencyservice", null, NOW.minusSeconds(1)));

    notifier.onIncident(incident("inc-cart", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 1, "inc-cart"));
    notifier.onIncident(incident("inc-pay", IncidentStatus.OPEN, 1, "paymentservice"), record("incidents", 2, "inc-pay"));
    notifier.onIncident(incident("inc-cur", IncidentStatus.OPEN, 1, "currencyservice"), record("incidents", 3, "inc-cur"));

    assertThat(pagerduty.received()).extracting(r -> r.json().path("dedup_key").asText()).containsExactly("inc-pay", "inc-cur");
    assertThat(meters.counter("causeway.notify.skipped", "sink", "slack", "reason", "silenced").count()).isEqualTo(1.0);

    notifier.onSilence("sil-1", null);
    notifier.onIncident(incident("inc-cart", IncidentStatus.UPDATED, 2, "cartservice"), record("incidents", 4, "inc-cart"));

    assertThat(pagerduty.received()).extracting(r -> r.json().path("dedup_key").asText()).containsExactly("inc-pay", "inc-cur", "inc-cart");
  }

  @Test
  void aPageSentBeforeASilenceIsStillClosedWhenItsIncidentResolves() throws Exception {
    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 1, "inc-1"));
    notifier.onSilence("sil-1", silence("sil-1", "cartservice", null, NOW.plusSeconds(600)));

    notifier.onIncident(incident("inc-1", IncidentStatus.UPDATED, 2, "cartservice"), record("incidents", 2, "inc-1"));
    notifier.onIncident(incident("inc-1", IncidentStatus.RESOLVED, 3, "cartservice"), record("incidents", 3, "inc-1"));

    assertThat(pagerduty.received()).extracting(r -> r.json().path("event_action").asText()).containsExactly("trigger", "resolve");
  }

  @Test
  void sinksThatTookTheRecordBeforeARestartAreSkippedAndEachNewOneIsNoted() throws Exception {
    Set<String> noted = new HashSet<>();
    Notifier.Progress progress = new Notifier.Progress() {
      @Override
      public boolean alreadyDelivered(String sink) {
        return sink.equals("slack");
      }

      @Override
      public void delivered(String sink) {
        noted.add(sink);
      }
    };

    notifier.onIncident(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"), record("incidents", 7, "inc-1"), progress);

    assertThat(slack.received()).isEmpty();
    assertThat(pagerduty.received()).hasSize(1);
    assertThat(noted).containsExactlyInAnyOrder("pagerduty", "hook");
  }

  @Test
  void theMetadataOfAMidRecordCommitNamesTheSinksOfThatRecordOnly() {
    String metadata = OffsetProgress.metadata(41, List.of("slack", "pagerduty"));

    assertThat(OffsetProgress.sinksIn(metadata, 41)).containsExactly("slack", "pagerduty");
    assertThat(OffsetProgress.sinksIn(metadata, 42)).isEmpty();
    assertThat(OffsetProgress.sinksIn("", 41)).isEmpty();
    assertThat(new String(metadata.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("notify-v1 41 slack,pagerduty");
  }
}
