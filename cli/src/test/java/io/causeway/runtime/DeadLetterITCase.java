package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records on every input topic land in the dead-letter topic with their source, offset,
 * reason and bytes, while the jobs go on processing the good records around them.
 */
class DeadLetterITCase {

  private static final Instant START = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
  private static final List<Topic> INPUTS = List.of(Topic.SPANS, Topic.METRICS, Topic.LOGS, Topic.CHANGES, Topic.ANOMALIES, Topic.EDGES);

  @TempDir Path workDir;

  @Test
  void everyBadRecordIsDeadLetteredWithItsOffsetAndGoodRecordsStillFlow() throws Exception {
    try (CausewayRuntime runtime = CausewayRuntime.start(workDir, Map.of())) {
      Map<String, Long> badOffsets = new HashMap<>();
      try (KafkaTelemetrySink sink = new KafkaTelemetrySink(runtime.bootstrapServers());
          KafkaProducer<byte[], byte[]> raw = rawProducer(runtime.bootstrapServers())) {
        Simulator simulator = new Simulator(SimulatorConfig.builder().seed(3).start(START).build(), sink);
        for (int round = 0; round < 4; round++) {
          simulator.advance(Duration.ofSeconds(15));
          sink.flush();
          badOffsets.putAll(produceBadRecords(raw, round));
        }
        simulator.advance(Duration.ofSeconds(60));
        sink.flush();
      }

      int expected = badOffsets.keySet().stream().mapToInt(where -> readersOf(where.split("/")[0])).sum();
      List<DeadLetter> letters = consume(runtime.bootstrapServers(), Topic.DEADLETTER, DeadLetter.class, expected);
      List<String> lettered = letters.stream().map(l -> l.getConsumer() + "@" + l.getSourceTopic() + "/" + l.getPartition() + "/" + l.getOffset()).toList();
      assertThat(lettered).doesNotHaveDuplicates().hasSize(expected);
      for (DeadLetter letter : letters) {
        String where = letter.getSourceTopic() + "/" + letter.getPartition() + "/" + letter.getOffset();
        assertThat(badOffsets).as("dead letter %s", where).containsKey(where);
        assertThat(letter.getReason()).isIn("bad-header", "unknown-schema", "truncated", "malformed");
        assertThat(letter.getRawValue()).isNotNull();
      }
      assertThat(letters).extracting(DeadLetter::getSourceTopic).containsAll(INPUTS.stream().map(Topic::defaultName).toList());

      List<DependencyEdge> edges = consume(runtime.bootstrapServers(), Topic.EDGES, DependencyEdge.class, 1, e -> e != null);
      assertThat(edges).isNotEmpty();
    }
  }

  /**
   * Spans feed both the topology and the detection job, edges both correlation and detection; each
   * reports what it could not read.
   */
  private static int readersOf(String topic) {
    return topic.equals(Topic.SPANS.defaultName()) || topic.equals(Topic.EDGES.defaultName()) ? 2 : 1;
  }

  /** Garbage, a truncated record and a record of the wrong type on each input; returns where they landed. */
  private static Map<String, Long> produceBadRecords(KafkaProducer<byte[], byte[]> raw, int round) throws Exception {
    Random random = new Random(round);
    byte[] garbage = new byte[64];
    random.nextBytes(garbage);
    byte[] validSpan = AvroCodec.of(Span.class).encode(SampleRecords.span(START));
    byte[] truncated = Arrays.copyOf(validSpan, validSpan.length / 2);
    byte[] wrongType = AvroCodec.of(ChangeEvent.class).encode(SampleRecords.change(START));
    Map<String, Long> landed = new HashMap<>();
    for (Topic topic : INPUTS) {
      List<byte[]> bad = new ArrayList<>(List.of(garbage, truncated));
      if (topic != Topic.CHANGES) {
        bad.add(wrongType);
      }
      if (topic == Topic.SPANS) {
        bad.remove(truncated);
        bad.add(Arrays.copyOf(validSpan, 12));
      }
      for (byte[] value : bad) {
        RecordMetadata meta = raw.send(new ProducerRecord<>(topic.defaultName(), ("bad-" + round).getBytes(), value)).get();
        landed.put(meta.topic() + "/" + meta.partition() + "/" + meta.offset(), meta.offset());
      }
    }
    return landed;
  }

  private static KafkaProducer<byte[], byte[]> rawProducer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> consume(
      String bootstrapServers, Topic topic, Class<T> type, int atLeast) {
    return consume(bootstrapServers, topic, type, atLeast, v -> true);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> consume(
      String bootstrapServers, Topic topic, Class<T> type, int atLeast, java.util.function.Predicate<T> keep) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic.defaultName());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Deserializer<T> strict = AvroSerde.deserializer(type);
    // The test's own bad records sit on these topics too: skip them here, the jobs must not.
    Deserializer<T> values = (topicName, bytes) -> {
      try {
        return strict.deserialize(topicName, bytes);
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        return null;
      }
    };
    List<T> seen = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic.defaultName()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null && keep.test(record.value())) {
            seen.add(record.value());
          }
        }
        if (seen.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        }
      }
    }
    return seen;
  }
}
