package io.causeway.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** A generic change posted over HTTP to a receiver in front of the real embedded broker, read back from the topic. */
class ChangeReceiverITCase {

  private static final Instant DEPLOYED = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dataDir;

  @Test
  void postedChangeIsOnTheChangesTopicKeyedByService() throws Exception {
    String topic = TopicNames.defaults().of(Topic.CHANGES);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      try (KafkaChangeSink sink = KafkaChangeSink.create(kafka.bootstrapServers(), topic);
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
