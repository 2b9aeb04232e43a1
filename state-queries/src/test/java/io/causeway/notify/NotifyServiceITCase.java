package io.causeway.notify;

import static io.causeway.notify.NotifyFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.notify.config.NotifyConfig;
import io.causeway.notify.config.RetryPolicy;
import io.causeway.notify.config.SinkConfig;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.HttpProbe;
import io.causeway.statequeries.StateQueriesConfig;
import io.causeway.statequeries.StateQueriesService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as deployed, on the real embedded broker beside state-queries: incidents read with
 * read_committed reach the sinks (local stand-ins); an ack and a silence posted to state-queries'
 * API go through their topics and are honoured; a bad record is a dead letter; after a restart
 * nothing committed is sent again, and a record left half-delivered skips the sinks that had it;
 * state-queries creates the responders' topics on a cluster set up before they existed.
 */
class NotifyServiceITCase {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir static Path brokerDir;
  private static EmbeddedKafka kafka;

  @TempDir Path dataDir;
  private TopicNames topics;
  private String prefix;
  private String group;
  private RecordingServer slack;
  private RecordingServer pagerduty;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(brokerDir);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  @BeforeEach
  void freshTopicsAndSinks() throws Exception {
    prefix = "it-" + UUID.randomUUID() + ".";
    group = "notify-" + UUID.randomUUID();
    topics = TopicNames.withPrefix(prefix);
    new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(topics, (short) 1);
    slack = new RecordingServer(200);
    pagerduty = new RecordingServer(202);
  }

  @AfterEach
  void stopSinks() {
    slack.close();
    pagerduty.close();
  }

  @Test
  void incidentsPageAndAcksAndSilencesPostedToStateQueriesAreHonoured() throws Exception {
    try (StateQueriesService stateQueries = StateQueriesService.start(stateQueriesConfig());
        NotifyService notify = NotifyService.start(notifyConfig(), Clock.systemUTC())) {
      HttpProbe probe = new HttpProbe(stateQueries.url(), null);
      probe.awaitOk("/health/ready", WITHIN);
      await(() -> notify.ready());

      produce(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"));
      await(() -> pagerduty.received().size() == 1);
      assertThat(pagerduty.received().get(0).json().path("event_action").asText()).isEqualTo("trigger");
      await(() -> probe.get("/api/incidents/inc-1").statusCode() == 200);

      assertThat(post(stateQueries.url(), "/api/incidents/inc-1/ack", "{\"by\":\"alice\",\"note\":\"on it\"}").statusCode()).isEqualTo(202);
      await(() -> pagerduty.received().size() == 2);
      JsonNode acknowledge = pagerduty.received().get(1).json();
      PublishedFormats.assertPagerDutyEvent(acknowledge);
      assertThat(acknowledge.path("event_action").asText()).isEqualTo("acknowledge");
      assertThat(acknowledge.path("dedup_key").asText()).isEqualTo("inc-1");
      assertThat(probe.get("/api/incidents/inc-1").body()).contains("\"acks\":[{\"incidentId\":\"inc-1\",\"by\":\"alice\",\"note\":\"on it\"");

      produce(incident("inc-1", IncidentStatus.UPDATED, 2, "cartservice"));
      await(() -> counter(notify, "causeway.notify.skipped", "sink", "slack", "reason", "duplicate") == 1);

      assertThat(post(stateQueries.url(), "/api/silences", "{\"service\":\"paymentservice\",\"until\":\"1h\",\"by\":\"bob\"}").statusCode()).isEqualTo(201);
      await(() -> counter(notify, "causeway.notify.responder.records", "topic", topics.of(Topic.SILENCES)) == 1);
      produce(incident("inc-pay", IncidentStatus.OPEN, 1, "paymentservice"));
      await(() -> counter(notify, "causeway.notify.skipped", "sink", "pagerduty", "reason", "silenced") == 1);

      produce(incident("inc-1", IncidentStatus.RESOLVED, 3, "cartservice"));
      await(() -> pagerduty.received().size() == 3);
      assertThat(pagerduty.received()).extracting(r -> r.json().path("event_action").asText()).containsExactly("trigger", "acknowledge", "resolve");
      assertThat(pagerduty.received()).extracting(r -> r.json().path("dedup_key").asText()).containsOnly("inc-1");
      assertThat(slack.received()).extracting(r -> r.json().at("/blocks/0/text/text").asText())
          .containsExactly("OPEN v1: latency in cartservice", "ACKNOWLEDGED: latency in cartservice", "RESOLVED: latency in cartservice");
      HttpProbe metrics = new HttpProbe(URI.create("http://127.0.0.1:" + notify.metricsAddress().getPort()), null);
      assertThat(metrics.get("/health/ready").statusCode()).isEqualTo(200);
      assertThat(metrics.get("/metrics").body())
          .contains("causeway_notify_delivered_total{action=\"trigger\",sink=\"pagerduty\"} 1.0")
          .contains("causeway_notify_skipped_total{reason=\"silenced\",sink=\"slack\"} 1.0");
    }
  }

  @Test
  void aBadRecordIsADeadLetterAndARestartSendsNothingCommittedAgainAndSkipsSinksThatHadAHalfDeliveredRecord() throws Exception {
    try (NotifyService notify = NotifyService.start(notifyConfig(), Clock.systemUTC())) {
      await(() -> notify.ready());
      produceRaw("garbage".getBytes(StandardCharsets.UTF_8));
      produce(incident("inc-1", IncidentStatus.OPEN, 1, "cartservice"));
      await(() -> pagerduty.received().size() == 1 && slack.received().size() == 1);
    }
    assertThat(deadLetters(1)).singleElement().satisfies(letter -> {
      assertThat(letter.getReason()).isEqualTo("bad-header");
      assertThat(letter.getConsumer()).isEqualTo("notify");
      assertThat(letter.getSourceTopic()).isEqualTo(topics.of(Topic.INCIDENTS));
    });

    RecordMetadata halfDelivered = produce(incident("inc-2", IncidentStatus.OPEN, 1, "currencyservice"));
    commitAsIfSlackHadIt(halfDelivered);

    try (NotifyService restarted = NotifyService.start(notifyConfig(), Clock.systemUTC())) {
      await(() -> pagerduty.received().size() == 2);
      Thread.sleep(500); // a moment for anything that should not come
    }
    assertThat(pagerduty.received()).extracting(r -> r.json().path("dedup_key").asText()).containsExactly("inc-1", "inc-2");
    assertThat(slack.received()).as("slack had inc-2 before the restart").hasSize(1);
  }

  @Test
  void stateQueriesCreatesTheTopicsItWritesWhenAClusterSetUpBeforeThemLacksThem() throws Exception {
    TopicNames older = TopicNames.withPrefix("it-" + UUID.randomUUID() + ".");
    List<Topic> before = java.util.Arrays.stream(Topic.values()).filter(t -> t != Topic.ACKS && t != Topic.SILENCES).toList();
    new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(older, before, (short) 1);

    try (StateQueriesService stateQueries = StateQueriesService.start(
        StateQueriesConfig.builder().bootstrapServers(kafka.bootstrapServers()).dataDir(dataDir).port(0).topics(older).build())) {
      new HttpProbe(stateQueries.url(), null).awaitOk("/health/ready", WITHIN);
    }

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      ConfigResource silences = new ConfigResource(ConfigResource.Type.TOPIC, older.of(Topic.SILENCES));
      assertThat(admin.listTopics().names().get()).contains(older.of(Topic.ACKS), older.of(Topic.SILENCES));
      assertThat(admin.describeConfigs(List.of(silences)).all().get().get(silences).get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  private NotifyConfig notifyConfig() {
    return new NotifyConfig(kafka.bootstrapServers(), group, prefix, "earliest", URI.create("http://causeway.example:8080"),
        new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), Duration.ofSeconds(5), 1000, "127.0.0.1", 0,
        List.of(new SinkConfig.Slack("slack", slack.uri("/services/x")),
            new SinkConfig.PagerDuty("pagerduty", pagerduty.uri("/v2/enqueue"), "R0UT1NGKEY0123456789abcdefabcdef", "causeway-it")));
  }

  private StateQueriesConfig stateQueriesConfig() {
    return StateQueriesConfig.builder().bootstrapServers(kafka.bootstrapServers()).dataDir(dataDir).port(0).topics(topics).build();
  }

  /** Commits the record's own offset with "slack" in the metadata, as the notifier does after slack took it. */
  private void commitAsIfSlackHadIt(RecordMetadata record) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset(), OffsetProgress.metadata(record.offset(), List.of("slack")))));
    }
  }

  private RecordMetadata produce(Incident incident) throws Exception {
    return send(incident.getId(), AvroCodec.of(Incident.class).encode(incident));
  }

  private void produceRaw(byte[] value) throws Exception {
    send("inc-1", value);
  }

  /** Writes transactionally, as the correlation job does (the notifier reads read_committed). */
  private RecordMetadata send(String key, byte[] value) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      // one partition for all, so the order the test writes is the order the notifier reads
      RecordMetadata metadata = producer.send(new ProducerRecord<>(topics.of(Topic.INCIDENTS), 0, key, value)).get();
      producer.commitTransaction();
      return metadata;
    }
  }

  private List<DeadLetter> deadLetters(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(DeadLetter.class))) {
      consumer.subscribe(List.of(topics.of(Topic.DEADLETTER)));
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (letters.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
      }
    }
    return letters;
  }

  private HttpResponse<String> post(URI base, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double counter(NotifyService notify, String name, String... tags) {
    var counter = notify.meters().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WITHIN);
      }
      Thread.sleep(100);
    }
  }
}
