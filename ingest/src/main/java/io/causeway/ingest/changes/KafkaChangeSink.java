package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes change events to a topic keyed by service, waiting for every acknowledgement, and the
 * dead letters of refused requests to the dead-letter topic keyed by their source ({@code
 * http:<path>}), without waiting.
 */
public final class KafkaChangeSink implements ChangeSink {

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String deadLetterTopic;
  private final Duration ackTimeout;
  private final Serializer<ChangeEvent> changes = AvroSerde.serializer(ChangeEvent.class);
  private final Serializer<DeadLetter> deadLetters = AvroSerde.serializer(DeadLetter.class);

  KafkaChangeSink(Producer<String, byte[]> producer, String topic, String deadLetterTopic, Duration ackTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.ackTimeout = ackTimeout;
  }

  /** A producer with acks=all and idempotence, so a retried send is not written twice. */
  /** For a broker that needs no client settings (the embedded one). */
  public static KafkaChangeSink create(String bootstrapServers, String topic, String deadLetterTopic) {
    return create(bootstrapServers, KafkaClientConfig.none(), topic, deadLetterTopic);
  }

  public static KafkaChangeSink create(String bootstrapServers, KafkaClientConfig kafkaClient, String topic, String deadLetterTopic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required, e.g. localhost:9092");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a topic is required, e.g. telemetry.changes");
    }
    if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
      throw new IllegalArgumentException("a dead-letter topic is required, e.g. deadletter");
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-changes");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    // a refused request's dead letter is written before its 4xx: a broker outage must not hold the answer for long
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    kafkaClient.applyTo(props);
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    return new KafkaChangeSink(producer, topic, deadLetterTopic, Duration.ofSeconds(35));
  }

  @Override
  public void send(List<ChangeEvent> events) throws IOException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (ChangeEvent event : events) {
      byte[] value = changes.serialize(topic, event);
      acks.add(producer.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getService(), value)));
    }
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing change " + events.get(i).getId() + " to " + topic, e);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        throw new IOException("change " + events.get(i).getId() + " was not written to " + topic + ": " + cause, cause);
      }
    }
  }

  @Override
  public CompletableFuture<Void> deadLetter(DeadLetter letter) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      byte[] value = deadLetters.serialize(deadLetterTopic, letter);
      producer.send(
          new ProducerRecord<>(deadLetterTopic, null, letter.getTime().toEpochMilli(), letter.getSourceTopic(), value),
          (metadata, error) -> {
            if (error == null) {
              written.complete(null);
            } else {
              written.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
