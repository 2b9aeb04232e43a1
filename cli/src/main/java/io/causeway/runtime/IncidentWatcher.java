package io.causeway.runtime;

import io.causeway.avro.Incident;
import io.causeway.schemas.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads committed incident snapshots from the incidents topic, from the beginning, with a plain
 * Kafka consumer ({@code read_committed}: the incidents sink is transactional).
 */
public final class IncidentWatcher implements AutoCloseable {

  private final KafkaConsumer<String, Incident> consumer;

  public IncidentWatcher(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "causeway-watcher-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(Incident.class));
    consumer.subscribe(List.of(topic));
  }

  /**
   * Hands each snapshot to {@code sink} until {@code keepWatching} says stop — asked before every
   * snapshot, since one poll may bring several (an OPEN and its UPDATED in one transaction).
   */
  public void watch(Consumer<Incident> sink, BooleanSupplier keepWatching) {
    while (keepWatching.getAsBoolean()) {
      for (ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(250))) {
        if (!keepWatching.getAsBoolean()) {
          return;
        }
        if (record.value() != null) {
          sink.accept(record.value());
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
