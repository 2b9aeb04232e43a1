package io.causeway.statequeries;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static io.causeway.statequeries.Fixtures.T2;
import static io.causeway.statequeries.Fixtures.T3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.IncidentStatus;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.grafana.GrafanaDashboards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * state-queries against the real embedded broker: records produced to fresh topics are answered
 * over real HTTP, the same after a restart (offsets resumed, nothing re-read) and after the
 * RocksDB folder is deleted (rebuilt from the topics); bad records are skipped, counted and
 * dead-lettered.
 */
class StateQueriesITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final List<String> QUERIES = List.of(
      "/api/graph", "/api/graph?at=" + T1, "/api/graph/diff?from=" + T0 + "&to=" + T2,
      "/api/services", "/api/services/cartservice", "/api/anomalies?service=cartservice&from=" + T0 + "&to=" + NOW,
      "/api/incidents", "/api/incidents?status=all&limit=1&offset=1", "/api/incidents/inc-1", "/api/incidents/inc-1/versions/1",
      "/api/memory/fp-1", "/api/incidents/inc-aborted", "/api/graph?at=soon");

  @TempDir static Path brokerDir;
  private static EmbeddedKafka kafka;

  @TempDir Path dataDir;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(brokerDir);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  @Test
  void answersTheProducedRecordsAndTheSameAfterARestartAndAfterARebuild() throws Exception {
    TopicNames topics = freshTopics();
    produceHistory(topics);
    int badRecords = produceBadRecords(topics);

    Map<String, String> first;
    try (StateQueriesService service = StateQueriesService.start(config(topics, null))) {
      HttpProbe http = new HttpProbe(service.url(), null);
      http.awaitOk("/health/ready", READY_WITHIN);
      first = answers(http);
      assertFirstAnswers(http, first);
      assertThat(http.get("/metrics").body())
          .contains("causeway_statequeries_records_total{topic=\"" + topics.of(Topic.INCIDENTS) + "\"} 4.0")
          .contains("causeway_statequeries_dead_letters_total{reason=\"bad-header\",topic=\"" + topics.of(Topic.ANOMALIES) + "\"} 1.0")
          .contains("causeway_statequeries_dead_letters_total{reason=\"unknown-schema\",topic=\"" + topics.of(Topic.EDGES) + "\"} 1.0")
          .contains("causeway_incidents_open 1.0")
          .contains("causeway_anomalies_open{service=\"cartservice\"} 1.0")
          .contains("causeway_graph_edges 2.0")
          .contains("causeway_consumer_lag_records{topic=\"" + topics.of(Topic.DELTAS) + "\"} 0.0")
          .contains("causeway_http_requests_seconds_count{endpoint=\"/api/graph\",status=\"200\"}");
    }
    assertThat(deadLetters(topics, badRecords)).extracting(l -> l.getConsumer().toString() + " " + l.getReason())
        .containsExactlyInAnyOrder("state-queries bad-header", "state-queries unknown-schema");

    try (StateQueriesService restarted = StateQueriesService.start(config(topics, null))) {
      HttpProbe http = new HttpProbe(restarted.url(), null);
      http.awaitOk("/health/ready", READY_WITHIN);
      assertThat(answers(http)).isEqualTo(first);
      assertThat(http.get("/metrics").body()).as("nothing is read again after a restart").doesNotContain("causeway_statequeries_records_total");
    }

    deleteTree(dataDir);
    try (StateQueriesService rebuilt = StateQueriesService.start(config(topics, null))) {
      HttpProbe http = new HttpProbe(rebuilt.url(), null);
      http.awaitOk("/health/ready", READY_WITHIN);
      assertThat(answers(http)).isEqualTo(first);
      assertThat(http.get("/metrics").body()).contains("causeway_statequeries_records_total{topic=\"" + topics.of(Topic.INCIDENTS) + "\"} 4.0");
    }
  }

  @Test
  void feedbackPostedOverHttpIsWrittenToItsTopicAndShownWithItsIncident() throws Exception {
    TopicNames topics = freshTopics();
    try (KafkaProducer<String, byte[]> transactional = producer("it-feedback-" + UUID.randomUUID())) {
      transactional.initTransactions();
      transactional.beginTransaction();
      send(transactional, topics.of(Topic.INCIDENTS), "inc-1", Fixtures.incident("inc-1", IncidentStatus.OPEN, 1, T0, T0, "cartservice"));
      transactional.commitTransaction();
    }
    try (StateQueriesService service = StateQueriesService.start(config(topics, null))) {
      HttpProbe http = new HttpProbe(service.url(), null);
      http.awaitOk("/health/ready", READY_WITHIN);

      var posted = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(service.url().resolve("/api/incidents/inc-1/feedback"))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                  "{\"verdict\":\"confirm\",\"service\":\"cartservice\",\"note\":\"flushed redis-cart\",\"by\":\"ana\"}"))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);

      JsonNode shown = awaitFeedback(http, "/api/incidents/inc-1");
      assertThat(shown.get(0).get("verdict").asText()).isEqualTo("CONFIRMED");
      assertThat(shown.get(0).get("resolutionNote").asText()).isEqualTo("flushed redis-cart");
      assertThat(shown.get(0).get("author").asText()).isEqualTo("ana");
    }
  }

  private static JsonNode awaitFeedback(HttpProbe http, String path) throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    JsonNode feedback = JSON.createArrayNode();
    while (feedback.isEmpty() && System.nanoTime() < deadline) {
      feedback = JSON.readTree(http.get(path).body()).get("feedback");
      if (feedback.isEmpty()) {
        Thread.sleep(100); // polling the materialised view, not timing an assertion
      }
    }
    return feedback;
  }

  @Test
  void theApiAndMetricsNeedTheBearerTokenWhileHealthStaysOpen() throws Exception {
    TopicNames topics = freshTopics();
    try (StateQueriesService service = StateQueriesService.start(config(topics, "s3cret"))) {
      HttpProbe anonymous = new HttpProbe(service.url(), null);
      HttpProbe wrong = new HttpProbe(service.url(), "guess");
      HttpProbe authorised = new HttpProbe(service.url(), "s3cret");

      anonymous.awaitOk("/health", READY_WITHIN);
      assertThat(anonymous.get("/api/graph").statusCode()).isEqualTo(401);
      assertThat(anonymous.get("/api/graph").headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(wrong.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(authorised.get("/api/graph").body()).isEqualTo("{\"nodes\":[],\"edges\":[]}");
      assertThat(authorised.get("/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theDemoCompanionStartsOnTheDemoTopicsAndAnswersHealth() throws Exception {
    new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
    StringWriter status = new StringWriter();
    System.setProperty(StateQueriesDemoCompanion.PORT_PROPERTY, "0");
    try (AutoCloseable companion = new StateQueriesDemoCompanion().start(kafka.bootstrapServers(), dataDir, new PrintWriter(status))) {
      String printed = status.toString();
      assertThat(printed).startsWith("causeway demo: state-queries at http://127.0.0.1:");
      URI url = URI.create(printed.substring(printed.indexOf("http://"), printed.indexOf("/api/graph")));
      new HttpProbe(url, null).awaitOk("/health", READY_WITHIN);
      assertThat(Files.isDirectory(dataDir.resolve("state-queries"))).isTrue();
    } finally {
      System.clearProperty(StateQueriesDemoCompanion.PORT_PROPERTY);
    }
  }

  @Test
  void everyGrafanaPanelQueryOnStateQueriesAnswersData() throws Exception {
    TopicNames topics = freshTopics();
    produceHistory(topics);
    try (StateQueriesService service = StateQueriesService.start(config(topics, null))) {
      HttpProbe http = new HttpProbe(service.url(), null);
      http.awaitOk("/health/ready", READY_WITHIN);
      int checked = 0;
      for (Path file : GrafanaDashboards.dashboardFiles()) {
        for (JsonNode query : GrafanaDashboards.queries(GrafanaDashboards.read(file))) {
          if (!GrafanaDashboards.STATE_QUERIES_UID.equals(query.path("datasource").path("uid").asText())) {
            continue;
          }
          String url = query.path("url").asText()
              .replace("$service", "cartservice")
              .replace("${__from}", Long.toString(T0.toEpochMilli()))
              .replace("${__to}", Long.toString(NOW.toEpochMilli()));
          HttpResponse<String> response = http.get(url);
          assertThat(response.statusCode()).as("%s in %s", url, file).isEqualTo(200);
          JsonNode rows = JSON.readTree(response.body()).path(query.path("root_selector").asText());
          assertThat(rows.isArray() && rows.size() > 0).as("rows of %s at %s", url, query.path("root_selector").asText()).isTrue();
          for (JsonNode column : query.path("columns")) {
            String[] selector = column.path("selector").asText().split("\\.");
            JsonNode value = rows.get(0);
            for (String part : selector) {
              value = value.path(part);
            }
            assertThat(value.isMissingNode()).as("column %s of %s", column.path("selector").asText(), url).isFalse();
          }
          checked++;
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(4);
    }
  }

  private static void assertFirstAnswers(HttpProbe http, Map<String, String> answers) throws Exception {
    JsonNode graph = JSON.readTree(answers.get("/api/graph"));
    assertThat(graph.get("edges")).extracting(e -> e.get("caller").asText() + "->" + e.get("callee").asText())
        .containsExactly("checkoutservice->cartservice", "frontend->cartservice");
    assertThat(graph.get("edges").get(1).get("latencyP99Ms").asDouble()).isEqualTo(400.0);
    assertThat(graph.get("nodes")).extracting(n -> n.get("id").asText()).containsExactly("cartservice", "checkoutservice", "frontend");

    JsonNode atT1 = JSON.readTree(answers.get("/api/graph?at=" + T1));
    assertThat(atT1.get("edges")).extracting(e -> e.get("id").asText()).containsExactly("cartservice->redis-cart", "frontend->cartservice");

    JsonNode diff = JSON.readTree(answers.get("/api/graph/diff?from=" + T0 + "&to=" + T2));
    assertThat(diff.get("removed")).extracting(e -> e.get("id").asText()).containsExactly("cartservice->redis-cart");
    assertThat(diff.get("changed")).extracting(e -> e.get("id").asText()).containsExactly("frontend->cartservice");

    JsonNode cart = JSON.readTree(answers.get("/api/services/cartservice"));
    assertThat(cart.get("dependents")).extracting(e -> e.get("caller").asText()).containsExactly("checkoutservice", "frontend");
    assertThat(cart.get("openAnomalies")).extracting(a -> a.get("id").asText()).containsExactly("a-open");
    assertThat(cart.get("recentChanges")).extracting(c -> c.get("id").asText()).containsExactly("c-2");
    assertThat(cart.get("red").get("requestsPerSecond").asDouble()).isEqualTo(40.0);

    JsonNode open = JSON.readTree(answers.get("/api/incidents"));
    assertThat(open.get("items")).extracting(i -> i.get("id").asText()).containsExactly("inc-2");
    assertThat(open.get("total").asLong()).isEqualTo(1);
    JsonNode all = JSON.readTree(answers.get("/api/incidents?status=all&limit=1&offset=1"));
    assertThat(all.get("items")).extracting(i -> i.get("id").asText()).containsExactly("inc-1");
    assertThat(all.get("total").asLong()).isEqualTo(2);
    assertThat(all.get("nextOffset").isNull()).isTrue();

    JsonNode incident = JSON.readTree(answers.get("/api/incidents/inc-1"));
    assertThat(incident.get("incident").get("status").asText()).isEqualTo("RESOLVED");
    assertThat(incident.get("incident").get("resolvedAt").asText()).isEqualTo(T3.toString());
    assertThat(incident.get("incident").get("hypotheses").get(0).get("service").asText()).isEqualTo("cartservice");
    assertThat(incident.get("versions")).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
    assertThat(JSON.readTree(answers.get("/api/memory/fp-1")).get("confirmedCause").asText()).isEqualTo("cartservice");

    assertThat(http.get("/api/incidents/inc-aborted").statusCode()).as("aborted transactions are not read").isEqualTo(404);
    assertThat(http.get("/api/incidents/inc-404").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/services/nosuchservice").statusCode()).isEqualTo(404);
    HttpResponse<String> bad = http.get("/api/graph?at=soon");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("'at' must be an ISO-8601 time");
    assertThat(http.get("/api/incidents?status=closed").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/incidents?limit=100000").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/nothing").statusCode()).isEqualTo(404);
  }

  private static Map<String, String> answers(HttpProbe http) throws Exception {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String query : QUERIES) {
      HttpResponse<String> response = http.get(query);
      answers.put(query, response.statusCode() + " " + response.body());
    }
    answers.replaceAll((q, a) -> a.substring(a.indexOf(' ') + 1));
    return answers;
  }

  private StateQueriesConfig config(TopicNames topics, String token) {
    return StateQueriesConfig.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .dataDir(dataDir)
        .port(0)
        .token(token)
        .topics(topics)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static TopicNames freshTopics() throws Exception {
    TopicNames topics = TopicNames.withPrefix("it-" + UUID.randomUUID() + ".");
    new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(topics, (short) 1);
    return topics;
  }

  private static void produceHistory(TopicNames topics) throws Exception {
    DependencyEdge frontendCart = Fixtures.edge("frontend", "cartservice", 100, 1, 20, T0);
    DependencyEdge frontendCartSlow = Fixtures.edge("frontend", "cartservice", 100, 1, 400, T1);
    DependencyEdge cartRedis = Fixtures.edge("cartservice", "redis-cart", 80, 0, 4, T0);
    DependencyEdge checkoutCart = Fixtures.edge("checkoutservice", "cartservice", 100, 9, 100, T2);
    try (KafkaProducer<String, byte[]> producer = producer(null)) {
      send(producer, topics.of(Topic.EDGES), "frontend->cartservice", frontendCart, frontendCartSlow);
      send(producer, topics.of(Topic.EDGES), "cartservice->redis-cart", cartRedis);
      producer.send(new ProducerRecord<>(topics.of(Topic.EDGES), "cartservice->redis-cart", null)).get();
      send(producer, topics.of(Topic.EDGES), "checkoutservice->cartservice", checkoutCart);
      send(producer, topics.of(Topic.DELTAS), "frontend->cartservice", Fixtures.added(frontendCart, T0),
          Fixtures.changed(frontendCart, frontendCartSlow, T1, "latencyP99Ms 20 -> 400"));
      send(producer, topics.of(Topic.DELTAS), "cartservice->redis-cart", Fixtures.added(cartRedis, T0), Fixtures.removed(cartRedis, T2));
      send(producer, topics.of(Topic.DELTAS), "checkoutservice->cartservice", Fixtures.added(checkoutCart, T2));
      send(producer, topics.of(Topic.ANOMALIES), "cartservice",
          Fixtures.anomaly("a-old", "cartservice", T0, T1), Fixtures.anomaly("a-open", "cartservice", T2, NOW.minusSeconds(30)));
      send(producer, topics.of(Topic.CHANGES), "cartservice", Fixtures.change("c-1", "cartservice", T0.minusSeconds(3600)),
          Fixtures.change("c-2", "cartservice", T3));
      send(producer, topics.of(Topic.MEMORY), "fp-1", Fixtures.memory("fp-1", "cartservice"));
    }
    try (KafkaProducer<String, byte[]> transactional = producer("it-incidents-" + UUID.randomUUID())) {
      transactional.initTransactions();
      transactional.beginTransaction();
      send(transactional, topics.of(Topic.INCIDENTS), "inc-1", Fixtures.incident("inc-1", IncidentStatus.OPEN, 1, T0, T0, "cartservice"));
      send(transactional, topics.of(Topic.INCIDENTS), "inc-2", Fixtures.incident("inc-2", IncidentStatus.OPEN, 1, T1, T1, "paymentservice"));
      transactional.commitTransaction();
      transactional.beginTransaction();
      send(transactional, topics.of(Topic.INCIDENTS), "inc-aborted", Fixtures.incident("inc-aborted", IncidentStatus.OPEN, 1, T1, T1, "adservice"));
      transactional.flush();
      transactional.abortTransaction();
      transactional.beginTransaction();
      send(transactional, topics.of(Topic.INCIDENTS), "inc-1", Fixtures.incident("inc-1", IncidentStatus.RESOLVED, 2, T0, T3, "cartservice"));
      send(transactional, topics.of(Topic.INCIDENTS), "inc-2", Fixtures.incident("inc-2", IncidentStatus.UPDATED, 2, T1, T2, "paymentservice"));
      transactional.commitTransaction();
    }
  }

  /** Garbage on anomalies and a change event on the edges topic. */
  private static int produceBadRecords(TopicNames topics) throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer(null)) {
      producer.send(new ProducerRecord<>(topics.of(Topic.ANOMALIES), "cartservice", "garbage".getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(topics.of(Topic.EDGES), "a->b",
          AvroCodec.of(ChangeEvent.class).encode(Fixtures.change("c-x", "cartservice", T0)))).get();
    }
    return 2;
  }

  @SafeVarargs
  private static <T extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, String topic, String key, T... records) throws Exception {
    for (T record : records) {
      @SuppressWarnings("unchecked")
      byte[] value = AvroCodec.of((Class<T>) record.getClass()).encode(record);
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static KafkaProducer<String, byte[]> producer(String transactionalId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    }
    return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
  }

  private static List<DeadLetter> deadLetters(TopicNames topics, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<DeadLetter> letters = new ArrayList<>();
    try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(DeadLetter.class))) {
      consumer.subscribe(List.of(topics.of(Topic.DEADLETTER)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (letters.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
      }
    }
    return letters;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
