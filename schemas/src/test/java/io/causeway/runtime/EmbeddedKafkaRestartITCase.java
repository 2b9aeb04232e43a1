package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restart as the failover tests need it: the broker comes back on the same address with
 * its log and its transaction state, and clients that were connected carry on without being rebuilt.
 */
class EmbeddedKafkaRestartITCase {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path workDir;

  @Test
  void restartedBrokerKeepsItsAddressItsCommittedRecordsAndItsClients() throws Exception {
    String topic = "restart-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(List.of(topic), 1, (short) 1);
      String address = kafka.bootstrapServers();
      try (KafkaProducer<String, String> producer = transactionalProducer(address);
          KafkaConsumer<String, String> consumer = committedReader(address, topic)) {
        producer.initTransactions();
        commit(producer, topic, "before");
        assertThat(read(consumer, 1)).containsExactly("before");

        kafka.restartBroker(Duration.ofSeconds(2));

        assertThat(kafka.bootstrapServers()).as("the address clients know").isEqualTo(address);
        commit(producer, topic, "after");
        assertThat(read(consumer, 1)).as("the consumer connected before the restart").containsExactly("after");
      }
      try (KafkaConsumer<String, String> fresh = committedReader(address, topic)) {
        assertThat(read(fresh, 2)).as("the log from the start, after the restart").containsExactly("before", "after");
      }
    }
  }

  private static KafkaProducer<String, String> transactionalProducer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restart-test");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PATIENCE.toMillis());
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> committedReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static void commit(KafkaProducer<String, String> producer, String topic, String value) {
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, value, value));
    producer.commitTransaction();
  }

  /** The next {@code count} values, or fewer if they do not come within {@link #PATIENCE}. */
  private static List<String> read(KafkaConsumer<String, String> consumer, int count) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (values.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
        values.add(record.value());
      }
    }
    return values;
  }
}
