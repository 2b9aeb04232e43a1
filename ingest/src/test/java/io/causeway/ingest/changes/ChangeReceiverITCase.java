package io.causeway.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DeadLetter;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes posted over HTTP to a receiver in front of the real embedded broker, read back from the
 * changes topic; refused requests read back from the dead-letter topic.
 */
class ChangeReceiverITCase {

  private static final Instant DEPLOYED = Instant.parse("2025-03-01T10:00:00Z");
  private static final String DEAD_LETTERS = TopicNames.defaults().of(Topic.DEADLETTER);

  @TempDir Path dataDir;

  @Test
  void postedChangeIsOnTheChangesTopicKeyedByService() throws Exception {
    String topic = TopicNames.defaults().of(Topic.CHANGES);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      try (KafkaChangeSink sink = KafkaChangeSink.create(kafka.bootstrapServers(), topic, DEAD_LETTERS);
          ChangeReceiver receiver = ChangeReceiver.builder().sink(sink).bind("127.0.0.1", 0).token("it-token").build().start()) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/changes"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-Causeway-Token", "it-token")
            .POST(HttpRequest.BodyPublishers.ofString("""
                {"id": "it-change-1", "service": "checkoutservice", "type": "DEPLOY", "timestamp": "2025-03-01T10:00:00Z",
                 "version": "v9", "author": "ci", "description": "release v9"}"""))
            .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<ConsumerRecord<String, ChangeEvent>> records = readUntilFound(kafka.bootstrapServers(), topic, "it-change-1");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("checkoutservice");
        assertThat(records.get(0).timestamp()).isEqualTo(DEPLOYED.toEpochMilli());
        assertThat(records.get(0).value()).isEqualTo(ChangeEvent.newBuilder()
            .setId("it-change-1").setService("checkoutservice").setType(ChangeType.DEPLOY).setTimestamp(DEPLOYED)
            .setVersion("v9").setAuthor("ci").setDescription("release v9").setSource("generic")
            .build());
      }
    }
  }

  @Test
  void refusedRequestsAreOnTheDeadLetterTopicWithTheirReasonAndCounted() throws Exception {
    String topic = TopicNames.defaults().of(Topic.CHANGES);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      try (KafkaChangeSink sink = KafkaChangeSink.create(kafka.bootstrapServers(), topic, DEAD_LETTERS);
          ChangeReceiver receiver = ChangeReceiver.builder().sink(sink).bind("127.0.0.1", 0).githubSecret("it-secret").token("it-token").build().start()) {
        String webhook = "{\"deployment_status\": {\"id\": 1, \"state\": \"success\"}, \"repository\": {\"name\": \"shop\"}}";
        String base = "http://127.0.0.1:" + receiver.address().getPort();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> badSignature = http.send(HttpRequest.newBuilder(URI.create(base + "/changes/github"))
            .header("X-GitHub-Event", "deployment_status").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
            .POST(HttpRequest.BodyPublishers.ofString(webhook)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(base + "/changes/kubernetes"))
            .header("X-Causeway-Token", "it-token")
            .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"Event\",")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(malformed.statusCode()).isEqualTo(400);
        List<ConsumerRecord<String, DeadLetter>> letters = read(kafka.bootstrapServers(), DEAD_LETTERS, DeadLetter.class, 2);
        assertThat(letters).extracting(ConsumerRecord::key).containsExactly("http:/changes/github", "http:/changes/kubernetes");
        assertThat(letters).extracting(r -> r.value().getReason()).containsExactly("unauthorized", "malformed_json");
        assertThat(letters.get(0).value().getRawValue()).isEqualTo(ByteBuffer.wrap(webhook.getBytes(StandardCharsets.UTF_8)));
        assertThat(letters.get(1).value().getError()).startsWith("400 malformed_json: the body is not JSON");
        assertThat(metrics.body().lines()).contains(
            "causeway_changes_rejected_total{endpoint=\"/changes/github\",reason=\"unauthorized\",status=\"401\"} 1",
            "causeway_changes_rejected_total{endpoint=\"/changes/kubernetes\",reason=\"malformed_json\",status=\"400\"} 1");
        assertThat(read(kafka.bootstrapServers(), topic, ChangeEvent.class, 0)).as("nothing reaches the changes topic").isEmpty();
      }
    }
  }

  /** Everything on {@code topic} once {@code expected} records arrived and a second passed without more (or after 60 s). */
  private static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> read(String bootstrap, String topic, Class<T> type, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "change-receiver-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, T>> found = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(type))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(found::add);
        if (found.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
    }
    return found;
  }

  private static List<ConsumerRecord<String, ChangeEvent>> readUntilFound(String bootstrap, String topic, String id) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "change-receiver-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, ChangeEvent>> found = new ArrayList<>();
    try (KafkaConsumer<String, ChangeEvent> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(ChangeEvent.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (found.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ChangeEvent> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value().getId().equals(id)) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }
}
