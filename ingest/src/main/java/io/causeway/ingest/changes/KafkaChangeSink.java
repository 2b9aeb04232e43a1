package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import io.causeway.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes change events to a topic keyed by service, waiting for every acknowledgement. */
public final class KafkaChangeSink implements ChangeSink {

  private final Producer<String, ChangeEvent> producer;
  private final String topic;
  private final Duration ackTimeout;

  KafkaChangeSink(Producer<String, ChangeEvent> producer, String topic, Duration ackTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.ackTimeout = ackTimeout;
  }

  /** A producer with acks=all and idempotence, so a retried send is not written twice. */
  public static KafkaChangeSink create(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required, e.g. localhost:9092");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a topic is required, e.g. telemetry.changes");
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-changes");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    KafkaProducer<String, ChangeEvent> producer =
        new KafkaProducer<>(props, new StringSerializer(), AvroSerde.serializer(ChangeEvent.class));
    return new KafkaChangeSink(producer, topic, Duration.ofSeconds(35));
  }

  @Override
  public void send(List<ChangeEvent> events) throws IOException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (ChangeEvent event : events) {
      acks.add(producer.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getService(), event)));
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
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
