package io.causeway.statequeries.materialize;

import io.causeway.avro.DeadLetter;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.DeadLetters;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records the service could not apply to the dead-letter topic, keyed by source topic,
 * with partition, offset, reason, raw bytes and {@code consumer = state-queries}, as the jobs do.
 */
final class DeadLetterSink implements AutoCloseable {

  static final String CONSUMER = "state-queries";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);

  private final KafkaProducer<String, DeadLetter> producer;
  private final String topic;

  DeadLetterSink(String bootstrapServers, KafkaClientConfig kafkaClient, String topic) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-state-queries-deadletters");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    kafkaClient.applyTo(props);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.serializer(DeadLetter.class));
    this.topic = topic;
  }

  void send(ConsumerRecord<byte[], byte[]> record, String reason, String error) {
    DeadLetter letter = of(record, reason, error);
    producer.send(new ProducerRecord<>(topic, record.topic(), letter), (meta, e) -> {
      if (e != null) {
        LOG.warn("dead letter for {}/{}/{} ({}) could not be written: {}", record.topic(), record.partition(), record.offset(), reason, e.toString());
      }
    });
  }

  /** Waits until every dead letter sent so far is written (before the offsets move past them). */
  void flush() {
    producer.flush();
  }

  static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String reason, String error) {
    return DeadLetters.of(record, reason, error, CONSUMER);
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
