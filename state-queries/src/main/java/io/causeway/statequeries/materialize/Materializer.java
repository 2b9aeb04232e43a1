package io.causeway.statequeries.materialize;

import io.causeway.kafka.KafkaAccessFailure;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rocksdb.WriteBatchWithIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the output topics into the views on one thread. Each poll becomes one RocksDB batch
 * holding the records' effects and the next offset of every partition they came from, so a
 * restart resumes exactly where the store left off; partitions with no stored offset (a fresh
 * disk) start from the beginning. The consumer is assigned partitions (no group): the store, not
 * Kafka, owns the offsets. {@code incidents} is read {@code read_committed}.
 */
public final class Materializer implements Runnable {

  /** The topics this service materialises. */
  public static final List<Topic> TOPICS = List.of(Topic.EDGES, Topic.DELTAS, Topic.ANOMALIES, Topic.INCIDENTS, Topic.CHANGES, Topic.MEMORY,
      Topic.FEEDBACK, Topic.ACKS, Topic.SILENCES);

  private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);

  private final String bootstrapServers;
  private final KafkaClientConfig kafkaClient;
  private final TopicNames topicNames;
  private final ViewStore store;
  private final RecordApplier applier;
  private final Retention retention;
  private final Duration cleanupEvery;
  private final Clock clock;
  private final CatchUp catchUp;
  private final MeterRegistry meters;
  private final Map<String, Topic> topicsByName = new HashMap<>();
  private volatile boolean running = true;
  private volatile boolean alive = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Throwable failure;

  public Materializer(String bootstrapServers, KafkaClientConfig kafkaClient, TopicNames topicNames, ViewStore store, Retention retention,
      Duration cleanupEvery, Clock clock, CatchUp catchUp, MeterRegistry meters) {
    this.bootstrapServers = bootstrapServers;
    this.kafkaClient = kafkaClient;
    this.topicNames = topicNames;
    this.store = store;
    this.applier = new RecordApplier(store);
    this.retention = retention;
    this.cleanupEvery = cleanupEvery;
    this.clock = clock;
    this.catchUp = catchUp;
    this.meters = meters;
    TOPICS.forEach(t -> topicsByName.put(topicNames.of(t), t));
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterSink deadLetters = new DeadLetterSink(bootstrapServers, kafkaClient, topicNames.of(Topic.DEADLETTER))) {
      consumer = kafka;
      List<TopicPartition> partitions = awaitPartitions(kafka);
      kafka.assign(partitions);
      resumeFromStoredOffsets(kafka, partitions);
      catchUp.target(kafka.endOffsets(partitions));
      Instant nextCleanup = clock.instant();
      while (running) {
        applyPoll(kafka, kafka.poll(Duration.ofMillis(200)), deadLetters);
        reportProgress(kafka, partitions);
        if (!clock.instant().isBefore(nextCleanup)) {
          Retention.Removed removed = retention.run(clock.instant());
          LOG.info("retention: {}", removed);
          nextCleanup = clock.instant().plus(cleanupEvery);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (Throwable e) {
      failure = e;
      KafkaAccessFailure.explain(e, bootstrapServers).ifPresentOrElse(
          line -> LOG.error("state-queries stopped reading the topics: {}", line),
          () -> LOG.error("state-queries stopped reading the topics", e));
    } finally {
      alive = false;
    }
  }

  /** Stops the loop; the thread closes the consumer and producer on its way out. */
  public void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /** False once the loop has ended, by stop or by failure. */
  public boolean alive() {
    return alive;
  }

  public Throwable failure() {
    return failure;
  }

  private void applyPoll(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records, DeadLetterSink deadLetters) {
    if (records.isEmpty()) {
      return;
    }
    int rejected = 0;
    try (WriteBatchWithIndex batch = store.newBatch()) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        Topic topic = topicsByName.get(record.topic());
        try {
          applier.apply(topic, record.key(), record.value(), batch);
          counter("causeway.statequeries.records", "topic", record.topic()).increment();
        } catch (RecordApplier.Rejected e) {
          rejected++;
          Counter.builder("causeway.statequeries.dead.letters").description("records that could not be applied, by topic and reason")
              .tags("topic", record.topic(), "reason", e.reason()).register(meters).increment();
          LOG.warn("skipping {}/{}/{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
          deadLetters.send(record, e.reason(), e.getMessage());
        }
      }
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
        long next = of.get(of.size() - 1).offset() + 1;
        store.put(batch, View.OFFSETS, ViewKeys.offset(partition.topic(), partition.partition()), ViewKeys.longValue(next));
      }
      if (rejected > 0) {
        deadLetters.flush();
      }
      store.write(batch);
    }
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).description("records applied to the views, by topic").tag(tag, value).register(meters);
  }

  private void reportProgress(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<TopicPartition, Long> lags = new HashMap<>();
    for (TopicPartition partition : partitions) {
      positions.put(partition, kafka.position(partition));
      kafka.currentLag(partition).ifPresent(lag -> lags.put(partition, lag));
    }
    catchUp.progress(positions, lags);
  }

  private void resumeFromStoredOffsets(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      byte[] stored = store.get(View.OFFSETS, ViewKeys.offset(partition.topic(), partition.partition()));
      if (stored == null) {
        fresh.add(partition);
      } else {
        kafka.seek(partition, ViewKeys.longValue(stored));
      }
    }
    kafka.seekToBeginning(fresh);
    LOG.info("state-queries: {} partitions resume from stored offsets, {} start from the beginning", partitions.size() - fresh.size(), fresh.size());
  }

  /** Waits until every topic exists (the jobs or the launcher create them). */
  private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> kafka) throws InterruptedException {
    while (running) {
      Map<String, List<PartitionInfo>> existing = kafka.listTopics(Duration.ofSeconds(10));
      Set<String> missing = new java.util.TreeSet<>(topicsByName.keySet());
      missing.removeAll(existing.keySet());
      if (missing.isEmpty()) {
        List<TopicPartition> partitions = new ArrayList<>();
        topicsByName.keySet().forEach(name -> existing.get(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
      }
      LOG.warn("state-queries: waiting for topics {}", missing);
      Thread.sleep(1000);
    }
    throw new WakeupException();
  }

  private Properties consumerProperties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "causeway-state-queries");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return kafkaClient.applyTo(props);
  }
}
