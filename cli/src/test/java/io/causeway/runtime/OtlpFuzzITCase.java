package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.Incident;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.jobs.otlp.OtlpOptions;
import io.causeway.runtime.FuzzCorpus.Bad;
import io.causeway.runtime.FuzzCorpus.Input;
import io.causeway.runtime.FuzzCorpus.Kind;
import io.causeway.runtime.FuzzCorpus.Signal;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.DeadLetters;
import io.causeway.schemas.Topic;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Thousands of corrupt, truncated, oversized and wrong-schema records on every input topic — the
 * six Avro topics and the three OTLP topics, proto and JSON — interleaved with good records,
 * through the three jobs running on a MiniCluster against the real broker. Every bad record comes
 * out of {@code deadletter} exactly once per job that reads its topic, with its position, an
 * allowed reason and its bytes; Flink's own {@code causeway.deadLetters} metric counts the same by
 * reason; no job failed or restarted; and the good records left their mark on every output.
 *
 * <p>Event time is driven by the records alone: every partition of every input gets records each
 * round (the bad ones carry their round's time too), so no window waits for idleness.
 */
class OtlpFuzzITCase {

  /** Bad records per topic per round: 28 rounds × 42 = 1,176 per topic, 10,584 on the nine topics. */
  private static final int BAD_PER_ROUND = 42;
  /** Rounds of bad records; the ones after the good rounds move event time past every window, join and settle time. */
  private static final int ROUNDS = 28;
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);

  @TempDir Path workDir;

  /** Spans and logs in {@code traces}, metrics in the other encoding: both parsers under fuzz on each run. */
  static Map<Signal, OtlpEncoding> encodings(OtlpEncoding traces) {
    OtlpEncoding other = traces == OtlpEncoding.PROTO ? OtlpEncoding.JSON : OtlpEncoding.PROTO;
    return new EnumMap<>(Map.of(Signal.TRACES, traces, Signal.METRICS, other, Signal.LOGS, traces));
  }

  @ParameterizedTest(name = "spans and logs {0}, metrics the other")
  @EnumSource(OtlpEncoding.class)
  void everyBadRecordIsDeadLetteredOnceWithItsReasonWhileTheJobsRunOnAndProcessTheGoodOnes(OtlpEncoding tracesEncoding) throws Exception {
    Map<Signal, OtlpEncoding> encodings = encodings(tracesEncoding);
    try (CausewayRuntime runtime = CausewayRuntime.start(workDir, jobOptions(encodings))) {
      List<Sent> bad = produce(runtime.bootstrapServers(), encodings);
      Map<String, Sent> expected = new HashMap<>();
      for (Sent sent : bad) {
        sent.bad().input().consumers.forEach(consumer -> expected.put(consumer + "@" + sent.where(), sent));
      }
      assertThat(bad).hasSizeGreaterThanOrEqualTo(10_000);
      assertThat(bad).extracting(s -> s.bad().kind()).contains(Kind.values());

      List<DeadLetter> letters = read(runtime.bootstrapServers(), Topic.DEADLETTER.defaultName(), DeadLetter.class, expected.size(), l -> true);
      List<String> lettered = letters.stream().map(l -> l.getConsumer() + "@" + l.getSourceTopic() + "/" + l.getPartition() + "/" + l.getOffset()).toList();
      assertThat(lettered).as("one dead letter per bad record and reader, none lost, none twice").doesNotHaveDuplicates().hasSameSizeAs(expected.keySet());
      assertThat(lettered).containsExactlyInAnyOrderElementsOf(expected.keySet());
      Map<String, Map<String, Long>> byJobAndReason = new TreeMap<>();
      for (DeadLetter letter : letters) {
        Sent sent = expected.get(letter.getConsumer() + "@" + letter.getSourceTopic() + "/" + letter.getPartition() + "/" + letter.getOffset());
        assertThat(letter.getReason()).as("reason of %s %s", sent.bad().kind(), sent.where()).isIn(sent.bad().reasons());
        assertThat(letter.getRawValue()).as("raw bytes of %s", sent.where()).isEqualTo(rawAsKept(sent.bad().value()));
        byJobAndReason.computeIfAbsent(letter.getConsumer(), c -> new TreeMap<>()).merge(letter.getReason(), 1L, Long::sum);
      }

      FlinkRest rest = new FlinkRest(runtime.flinkWebUrl());
      assertThat(metricsOnceFetched(rest, byJobAndReason)).as("causeway.deadLetters by reason, per job").isEqualTo(byJobAndReason);
      for (FlinkRest.Job job : rest.jobs()) {
        assertThat(job.state()).as(job.name()).isEqualTo("RUNNING");
        assertThat(rest.numRestarts(job.id())).as("restarts of %s", job.name()).isZero();
      }
      assertThat(rest.jobs()).hasSize(3);

      assertGoodRecordsWereProcessed(runtime.bootstrapServers());
      Map<Kind, Long> kinds = new TreeMap<>();
      bad.forEach(s -> kinds.merge(s.bad().kind(), 1L, Long::sum));
      System.out.printf("OtlpFuzzITCase %s: %d bad records on %d topics %s, %d bytes; %d dead letters by job and reason %s%n",
          encodings, bad.size(), Input.values().length, kinds, bad.stream().mapToLong(s -> s.bad().value() == null ? 0 : s.bad().value().length).sum(),
          letters.size(), byJobAndReason);
    }
  }

  private static Map<String, String> jobOptions(Map<Signal, OtlpEncoding> encodings) {
    return Map.of(
        OtlpOptions.ENABLED.key(), "true",
        OtlpOptions.SPANS_ENCODING.key(), encodings.get(Signal.TRACES).exporterName(),
        OtlpOptions.METRICS_ENCODING.key(), encodings.get(Signal.METRICS).exporterName(),
        OtlpOptions.LOGS_ENCODING.key(), encodings.get(Signal.LOGS).exporterName(),
        "causeway.detection.log-templates.warm-up-lines", "0",
        "causeway.detection.log-templates.confirm-lines", "1");
  }

  private record Sent(Bad bad, RecordMetadata metadata) {
    String where() {
      return metadata.topic() + "/" + metadata.partition() + "/" + metadata.offset();
    }
  }

  /** Round by round: the good records, then each topic's bad ones spread over its partitions, all at the round's event time. */
  private static List<Sent> produce(String bootstrapServers, Map<Signal, OtlpEncoding> encodings) throws Exception {
    GoodTraffic good = new GoodTraffic(T0, encodings);
    FuzzCorpus corpus = new FuzzCorpus(encodings, T0);
    List<Bad> bad = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    List<Future<RecordMetadata>> goodAcks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      for (int round = 0; round < ROUNDS; round++) {
        if (round < GoodTraffic.ROUNDS) {
          goodAcks.addAll(good.send(round, producer));
        }
        Instant roundStart = good.roundStart(round);
        for (int j = 0; j < BAD_PER_ROUND; j++) {
          for (Input input : Input.values()) {
            int index = round * BAD_PER_ROUND + j;
            Bad record = corpus.bad(input, index);
            long timestamp = roundStart.plusMillis(100L * j).toEpochMilli();
            bad.add(record);
            acks.add(producer.send(new ProducerRecord<>(input.topic, index % input.partitions, timestamp, record.key(), record.value())));
          }
        }
      }
      producer.flush();
    }
    for (Future<RecordMetadata> ack : goodAcks) {
      ack.get();
    }
    List<Sent> sent = new ArrayList<>(bad.size());
    for (int i = 0; i < bad.size(); i++) {
      sent.add(new Sent(bad.get(i), acks.get(i).get()));
    }
    return sent;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The bytes a dead letter keeps of a value: all of it, or its first {@link DeadLetters#MAX_RAW_VALUE_BYTES}. */
  private static ByteBuffer rawAsKept(byte[] value) {
    return value == null ? null : ByteBuffer.wrap(Arrays.copyOf(value, Math.min(value.length, DeadLetters.MAX_RAW_VALUE_BYTES)));
  }

  /** Flink's REST metrics lag by the fetcher's interval (10 s): waits until they reach the expected totals. */
  private static Map<String, Map<String, Long>> metricsOnceFetched(FlinkRest rest, Map<String, Map<String, Long>> expected) throws Exception {
    Map<String, Map<String, Long>> seen = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (FlinkRest.Job job : rest.jobs()) {
        Map<String, Long> counts = rest.deadLettersByReason(job.id());
        if (!counts.isEmpty()) {
          seen.put(job.name(), counts);
        }
      }
      if (seen.equals(expected)) {
        return seen;
      }
      Thread.sleep(1_000);
    }
    return seen;
  }

  private static void assertGoodRecordsWereProcessed(String bootstrapServers) {
    List<DependencyEdge> edges = read(bootstrapServers, Topic.EDGES.defaultName(), DependencyEdge.class, 2,
        e -> e.getCaller().startsWith("fuzz-") && e.getCallee().endsWith("-server"));
    assertThat(edges).extracting(e -> e.getCaller() + "->" + e.getCallee())
        .contains(GoodTraffic.client("avro") + "->" + GoodTraffic.server("avro"), GoodTraffic.client("otlp") + "->" + GoodTraffic.server("otlp"));

    List<String> expectedAnomalies = List.of(
        GoodTraffic.server("avro") + " red.latency.p90", GoodTraffic.server("otlp") + " red.latency.p90",
        GoodTraffic.metricsService("avro") + " fuzz.cpu.utilization", GoodTraffic.metricsService("otlp") + " fuzz.request.errors",
        GoodTraffic.logsService("avro") + " log.new-template", GoodTraffic.logsService("otlp") + " log.new-template");
    List<Anomaly> anomalies = read(bootstrapServers, Topic.ANOMALIES.defaultName(), Anomaly.class, expectedAnomalies.size(),
        a -> expectedAnomalies.contains(a.getService() + " " + a.getSignal()));
    assertThat(anomalies).extracting(a -> a.getService() + " " + a.getSignal()).containsAll(expectedAnomalies);

    List<Incident> incidents = read(bootstrapServers, Topic.INCIDENTS.defaultName(), Incident.class, 1,
        i -> i.getHypotheses().stream().anyMatch(h -> h.getService().equals(GoodTraffic.CORR_SERVICE)));
    Hypothesis corr = incidents.get(0).getHypotheses().stream().filter(h -> h.getService().equals(GoodTraffic.CORR_SERVICE)).findFirst().orElseThrow();
    assertThat(corr.getEvidence().getChanges()).extracting(c -> c.getId()).contains(GoodTraffic.CHANGE_ID);
    assertThat(corr.getBlastRadius().getDependents()).contains(GoodTraffic.CORR_CALLER);
  }

  /**
   * Values of {@code topic} that {@code keep} accepts, from the beginning (read-committed), until
   * {@code expected} were seen and two quiet seconds passed, or {@link #PATIENCE} ran out. Bad
   * records on the input topics are skipped here; the jobs must not skip them.
   */
  private static <T extends SpecificRecord> List<T> read(String bootstrapServers, String topic, Class<T> type, int expected, Predicate<T> keep) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    org.apache.kafka.common.serialization.Deserializer<T> strict = AvroSerde.deserializer(type);
    List<T> seen = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), (t, bytes) -> {
      try {
        return bytes == null ? null : strict.deserialize(t, bytes);
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        return null;
      }
    })) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null && keep.test(record.value())) {
            seen.add(record.value());
          }
        }
        if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return seen;
  }
}
