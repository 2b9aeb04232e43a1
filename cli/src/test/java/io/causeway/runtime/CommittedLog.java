package io.causeway.runtime;

import io.causeway.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything committed to one topic, as a responder's reader sees it ({@code read_committed}, from
 * the start), each record with its place. One consumer stays open for the whole test: it reconnects
 * by itself when the broker restarts, and it is assigned the partitions rather than joining a group,
 * so no group coordinator stands between it and the records.
 */
final class CommittedLog<T extends SpecificRecord> implements AutoCloseable {

  record Entry<T>(int partition, long offset, T value) {
    /** Whether this record was written after {@code mark} (end offsets taken by {@link #endOffsets()}). */
    boolean after(Map<Integer, Long> mark) {
      return offset >= mark.getOrDefault(partition, 0L);
    }
  }

  private final KafkaConsumer<String, T> consumer;
  private final List<TopicPartition> partitions;
  private final List<Entry<T>> entries = new ArrayList<>();

  CommittedLog(String bootstrapServers, String topic, Class<T> type) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(type));
    partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The end of each partition now, as far as committed records go: what is written later lies after it. */
  Map<Integer, Long> endOffsets() {
    Map<Integer, Long> ends = new java.util.TreeMap<>();
    consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
    return ends;
  }

  /** The first record, already read or still to come, that is {@code wanted}; fails after {@code patience}. */
  Entry<T> await(String what, Predicate<Entry<T>> wanted, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < entries.size(); checked++) {
        if (wanted.test(entries.get(checked))) {
          return entries.get(checked);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + patience + " among " + entries.size() + " records; the last: " + lastValues(20));
      }
      poll();
    }
  }

  /** Reads every record before {@code mark} (end offsets taken by {@link #endOffsets()}); fails after {@code patience}. */
  List<Entry<T>> readTo(Map<Integer, Long> mark, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (partitions.stream().anyMatch(partition -> consumer.position(partition) < mark.getOrDefault(partition.partition(), 0L))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read up to " + mark + " within " + patience);
      }
      poll();
    }
    return List.copyOf(entries);
  }

  /** Reads on until nothing new has come for {@code quiet}; answers every record so far. */
  List<Entry<T>> readUntilQuiet(Duration quiet) {
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < quiet.toNanos()) {
      if (poll() > 0) {
        quietSince = System.nanoTime();
      }
    }
    return List.copyOf(entries);
  }

  /** Every record read so far. */
  List<Entry<T>> entries() {
    return List.copyOf(entries);
  }

  /** The last record read that is {@code wanted}. */
  Optional<Entry<T>> last(Predicate<Entry<T>> wanted) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (wanted.test(entries.get(i))) {
        return Optional.of(entries.get(i));
      }
    }
    return Optional.empty();
  }

  private List<T> lastValues(int count) {
    return entries.subList(Math.max(0, entries.size() - count), entries.size()).stream().map(Entry::value).toList();
  }

  /** Keeps what one poll brings, leaving out tombstones (a compacted topic's deletions carry no record). */
  private int poll() {
    int count = 0;
    for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
      if (record.value() != null) {
        entries.add(new Entry<>(record.partition(), record.offset(), record.value()));
        count++;
      }
    }
    return count;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
