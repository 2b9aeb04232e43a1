package io.causeway.benchmarks.throughput;

import io.causeway.schemas.AvroCodec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A measured rate of records through a reader, excluding its start-up and its warm-up; {@code
 * slices} are the rates through tenths of the whole run (warm-up included), to show how it settled.
 */
public record ReadRate(long records, double seconds, double cpuMicrosPerRecord, double[] slices) {

  public ReadRate(long records, double seconds) {
    this(records, seconds, Double.NaN, new double[0]);
  }

  public double recordsPerSecond() {
    return records / seconds;
  }

  public ReadRate with(double cpuMicrosPerRecord, double[] slices) {
    return new ReadRate(records, seconds, cpuMicrosPerRecord, slices);
  }

  /** The rates through each tenth of the run in thousands of records per second, for a table. */
  public String slicesInThousands() {
    StringBuilder line = new StringBuilder();
    for (double slice : slices) {
      line.append(String.format(Locale.ROOT, "%6.0f", slice / 1e3));
    }
    return line.toString();
  }

  /**
   * A plain consumer reading every record of {@code codecs}' topics and decoding each with its
   * topic's codec: what any reader of the topics pays. The rate counts from the first batch that
   * takes it to {@code warmup} records or more (its first batch when there is no warm-up). Its CPU
   * per record is the consumer thread's (polling and decoding) over the same records, without the
   * broker's.
   */
  public static ReadRate readAndDecode(String bootstrapServers, Map<String, AvroCodec<?>> codecs, long expected, long warmup) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    Progress progress = new Progress();
    long read = 0;
    long cpuStarted = -1;
    long readStarted = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(new ArrayList<>(codecs.keySet()));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          decode(codecs.get(record.topic()), record.value());
          read++;
        }
        if (!records.isEmpty()) {
          progress.add(read, System.nanoTime());
          if (cpuStarted < 0 && read >= Math.max(warmup, 1)) {
            cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            readStarted = read;
          }
        }
      }
    }
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted;
    return progress.rateAfter(warmup).with(cpu / 1e3 / Math.max(read - readStarted, 1), progress.ratesBySlice(10));
  }

  private static void decode(AvroCodec<?> codec, byte[] value) {
    try {
      codec.decode(value);
    } catch (AvroCodec.DecodeException e) {
      throw new IllegalStateException("benchmark data should decode", e);
    }
  }

  /**
   * Follows a counter of a running job in this JVM ({@link LiveCounters}) until it reaches {@code
   * expected}; see {@link #follow}.
   */
  public static ReadRate followCounter(String operator, String metric, long expected, long warmup, Duration timeout, Runnable atWarm)
      throws InterruptedException {
    return follow(() -> LiveCounters.sum(operator, metric), operator + " " + metric, expected, warmup, timeout, Duration.ofMillis(5), atWarm);
  }

  /**
   * Samples {@code count} (records a running job has got through) every {@code every} until it
   * reaches {@code expected}; the rate counts from the first sample at {@code warmup} or more (from
   * the moment it first moved when there is no warm-up), so the job's start-up is left out as the
   * ceiling's is. {@code atWarm} runs at that sample, e.g. to read CPU counters for the measured
   * part only.
   */
  public static ReadRate follow(LongSupplier count, String what, long expected, long warmup, Duration timeout, Duration every, Runnable atWarm)
      throws InterruptedException {
    Progress progress = new Progress();
    boolean warm = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long now = count.getAsLong();
      if (now > 0) {
        progress.add(now, System.nanoTime());
      }
      if (!warm && now >= Math.max(warmup, 1)) {
        warm = true;
        atWarm.run();
      }
      if (now >= expected) {
        return progress.rateAfter(warmup).with(Double.NaN, progress.ratesBySlice(10));
      }
      Thread.sleep(every.toMillis());
    }
    throw new IllegalStateException(what + " counted " + count.getAsLong() + " of " + expected + " within " + timeout);
  }
}
