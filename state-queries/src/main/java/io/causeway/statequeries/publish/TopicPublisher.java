package io.causeway.statequeries.publish;

import io.causeway.avro.DeadLetter;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.DeadLetters;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.http.RefusedRequests;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's writes (responders' feedback, acknowledgements, silences): each record waits for
 * the broker's acknowledgement, so a 2xx means it is stored; refused requests become dead letters
 * keyed by their source ({@code http:<endpoint>}), without waiting, as the change receiver does.
 */
public final class TopicPublisher implements RefusedRequests, AutoCloseable {

  static final String CONSUMER = "state-queries";
  private static final Logger LOG = LoggerFactory.getLogger(TopicPublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

  private final Producer<String, byte[]> producer;
  private final TopicNames topics;
  private final Clock clock;

  TopicPublisher(Producer<String, byte[]> producer, TopicNames topics, Clock clock) {
    this.producer = producer;
    this.topics = topics;
    this.clock = clock;
  }

  /** A producer with acks=all and idempotence, so a retried send is not written twice. */
  public static TopicPublisher create(String bootstrapServers, KafkaClientConfig kafkaClient, TopicNames topics, Clock clock) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-state-queries-writes");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    // a write answers within the HTTP client's patience even when the broker is gone
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    kafkaClient.applyTo(props);
    return new TopicPublisher(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), topics, clock);
  }

  /** Writes {@code value} to {@code topic}'s configured name and waits until it is stored. */
  public <T extends SpecificRecord> void publish(Topic topic, String key, T value, Instant timestamp) throws IOException {
    String name = topics.of(topic);
    byte[] bytes = serialize(topic, name, value);
    try {
      producer.send(new ProducerRecord<>(name, null, timestamp.toEpochMilli(), key, bytes)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing to " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("the record for '" + key + "' was not written to " + name + ": " + cause, cause);
    }
  }

  @Override
  public void refused(String source, byte[] body, String reason, String message) {
    String name = topics.of(Topic.DEADLETTER);
    DeadLetter letter = DeadLetters.ofInput(source, body, Instant.ofEpochMilli(clock.millis()), reason, message, CONSUMER);
    byte[] bytes = serialize(Topic.DEADLETTER, name, letter);
    producer.send(new ProducerRecord<>(name, null, letter.getTime().toEpochMilli(), source, bytes), (meta, e) -> {
      if (e != null) {
        LOG.warn("dead letter for refused {} ({}) could not be written: {}", source, reason, e.toString());
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] serialize(Topic topic, String name, T value) {
    if (!topic.valueType().isInstance(value)) {
      throw new IllegalArgumentException(topic + " carries " + topic.valueType().getSimpleName() + ", not " + value.getClass().getSimpleName());
    }
    return AvroSerde.serializer((Class<T>) value.getClass()).serialize(name, value);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
