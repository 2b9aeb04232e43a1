package io.causeway.benchmarks.topology;

import io.causeway.avro.Span;
import io.causeway.schemas.AvroCodec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A measured rate of records through a reader, excluding its start-up. */
record ReadRate(long records, double seconds, double cpuMicrosPerRecord) {

  ReadRate(long records, double seconds) {
    this(records, seconds, Double.NaN);
  }

  double recordsPerSecond() {
    return records / seconds;
  }

  /**
   * A plain consumer reading every record and decoding it: what any reader of the topic pays. Its
   * CPU per record is the consumer thread's (polling and decoding), without the broker's.
   */
  static ReadRate readAndDecode(String bootstrapServers, String topic, long expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    AvroCodec<Span> codec = AvroCodec.of(Span.class);
    long read = 0;
    long started = 0;
    long cpuStarted = 0;
    long firstBatch = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (started == 0 && !records.isEmpty()) {
          started = System.nanoTime();
          cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
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
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted;
    return new ReadRate(read - firstBatch, (System.nanoTime() - started) / 1e9, cpu / 1e3 / (read - firstBatch));
  }

  /**
   * Follows a counter of a running job in this JVM ({@link LiveCounters}) until it reaches {@code
   * expected}; the rate counts from the moment it first moved, so the job's start-up is left out
   * as the ceiling's is.
   */
  static ReadRate followCounter(String operator, String metric, long expected, Duration timeout) throws InterruptedException {
    long firstCount = -1;
    long firstAt = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long count = LiveCounters.sum(operator, metric);
      long now = System.nanoTime();
      if (count > 0 && firstCount < 0) {
        firstCount = count;
        firstAt = now;
      }
      if (count >= expected) {
        return new ReadRate(count - firstCount, Math.max((now - firstAt) / 1e9, 1e-3));
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(operator + " counted " + LiveCounters.sum(operator, metric) + " of " + expected + " " + metric + " within " + timeout);
  }
}
