package io.causeway.benchmarks.topology;

import io.causeway.avro.Span;
import io.causeway.schemas.AvroCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A measured rate of records through a reader, excluding its start-up. */
record ReadRate(long records, double seconds) {

  double recordsPerSecond() {
    return records / seconds;
  }

  /** A plain consumer reading every record and decoding it: what any reader of the topic pays. */
  static ReadRate readAndDecode(String bootstrapServers, String topic, long expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    AvroCodec<Span> codec = AvroCodec.of(Span.class);
    long read = 0;
    long started = 0;
    long firstBatch = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (started == 0 && !records.isEmpty()) {
          started = System.nanoTime();
          firstBatch = records.count();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          try {
            codec.decode(record.value());
          } catch (AvroCodec.DecodeException e) {
            throw new IllegalStateException("benchmark data should decode", e);
          }
          read++;
        }
      }
    }
    return new ReadRate(read - firstBatch, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Follows a consumer group's committed offsets (the job commits on each checkpoint) until it
   * has committed {@code expected} records; the rate counts from the first commit on.
   */
  static ReadRate followCommittedOffsets(String bootstrapServers, String group, String topic, long expected) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      long firstCount = -1;
      long firstAt = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        long committed = committed(admin, group, topic);
        long now = System.nanoTime();
        if (committed > 0 && firstCount < 0) {
          firstCount = committed;
          firstAt = now;
        }
        if (committed >= expected) {
          return new ReadRate(committed - firstCount, Math.max((now - firstAt) / 1e9, 1e-3));
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("the job did not commit " + expected + " records within 10 minutes");
    }
  }

  private static long committed(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }
}
