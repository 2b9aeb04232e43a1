package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.core.topology.NezhaSpanTable;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.nezha.NezhaTraces;
import io.causeway.ingest.nezha.PodNames;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology job itself, on the public TrainTicket traces replayed through the real broker: the
 * edges it publishes are exactly the cross-service parent→child pairs of the span tables.
 */
class NezhaTopologyITCase {

  @TempDir Path workDir;

  @Test
  void theJobsEdgesAreTheCrossServicePairsOfTheSpanTables() throws Exception {
    var nezha = Datasets.dataset("nezha");
    assumeTrue(nezha.isPresent(), Datasets.whereToGet("nezha"));
    List<Path> files = NezhaTraces.traceFiles(nezha.get());
    Set<String> expected = NezhaSpanTable.read(files).crossServiceEdges();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      Instant last = produceSpans(kafka.bootstrapServers(), files);
      try (EmbeddedFlink flink = EmbeddedFlink.start(workDir.resolve("flink"), 4);
          JobSubmitter jobs = new JobSubmitter(flink.restHost(), flink.restPort(), jobConfig(flink, kafka))) {
        jobs.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(jobConfig(flink, kafka)))));
        Set<String> published = edgesPublished(kafka.bootstrapServers(), expected, Duration.ofMinutes(4));

        assertThat(published).isEqualTo(expected);
      }
      assertThat(last).isAfter(Instant.parse("2023-01-29T00:00:00Z"));
    }
  }

  /** Every span, then one root span an hour later on every partition so the last windows close. */
  private static Instant produceSpans(String bootstrapServers, List<Path> files) throws Exception {
    NezhaTraces reader = new NezhaTraces(PodNames.defaults());
    Instant last = Instant.EPOCH;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    try (KafkaProducer<String, Span> producer = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.serializer(Span.class))) {
      for (Path file : files) {
        for (Span span : reader.read(file)) {
          producer.send(new ProducerRecord<>(Topic.SPANS.defaultName(), null, span.getStartTime().toEpochMilli(), span.getTraceId(), span));
          last = span.getStartTime().isAfter(last) ? span.getStartTime() : last;
        }
      }
      Instant later = last.plus(Duration.ofHours(1));
      for (int partition = 0; partition < Topic.SPANS.defaultPartitions(); partition++) {
        Span clock = Span.newBuilder().setTraceId("clock-" + partition).setSpanId("clock").setService("clock").setOperation("tick")
            .setKind(SpanKind.SERVER).setStartTime(later).setDurationMicros(1).setStatus(SpanStatus.UNSET).build();
        producer.send(new ProducerRecord<>(Topic.SPANS.defaultName(), partition, later.toEpochMilli(), clock.getTraceId(), clock));
      }
      producer.flush();
    }
    return last;
  }

  private static Map<String, String> jobConfig(EmbeddedFlink flink, EmbeddedKafka kafka) {
    Map<String, String> config = new HashMap<>(flink.jobDefaults());
    config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
    config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
    config.put("parallelism.default", "2");
    return config;
  }

  /** Every edge the job put on topology.edges, until all expected ones came (or time ran out). */
  private static Set<String> edgesPublished(String bootstrapServers, Set<String> expected, Duration patience) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-nezha-edges");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> seen = new TreeSet<>();
    try (KafkaConsumer<String, DependencyEdge> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(DependencyEdge.class))) {
      consumer.subscribe(List.of(Topic.EDGES.defaultName()));
      long deadline = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < deadline && !seen.containsAll(expected)) {
        for (ConsumerRecord<String, DependencyEdge> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null) {
            seen.add(record.key());
          }
        }
      }
      // A few more polls: anything beyond the expected edges would show up now.
      for (int i = 0; i < 6; i++) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (r.value() != null) {
            seen.add(r.key());
          }
        });
      }
    }
    return seen;
  }
}
