package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.topology.TopologyJob;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every secured broker must allow and refuse: the Kafka client settings, given once as a
 * client properties file, reach the topic setup and the job's sources and sinks; a wrong
 * credential is one clear line, not a timeout. Each subclass starts a broker that demands one kind
 * of security and says what a right and a wrong client config for it are.
 */
abstract class SecuredKafkaContract {

  @TempDir static Path workDir;

  static EmbeddedKafka kafka;

  /** The client properties file's lines for this broker: right or wrong credentials. */
  abstract List<String> clientConfig(boolean rightCredentials) throws Exception;

  /** What the one line says when the credentials are wrong. */
  abstract String refusal();

  private static final String JAAS_PROPERTY = "java.security.auth.login.config";

  private static String jaasBefore;

  @BeforeAll
  static void rememberTheJaasFile() {
    jaasBefore = System.getProperty(JAAS_PROPERTY);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
    forgetTheTestKitsJaasFile();
  }

  /** A SASL broker of the test kit points the whole JVM at its JAAS file; later tests' brokers must not inherit it. */
  private static void forgetTheTestKitsJaasFile() {
    if (jaasBefore == null) {
      System.clearProperty(JAAS_PROPERTY);
    } else {
      System.setProperty(JAAS_PROPERTY, jaasBefore);
    }
  }

  @Test
  void theTopologyJobReadsAndWritesThroughTheSettingsGivenInTheClientConfigFile() throws Exception {
    Path clientFile = writeClientConfig(true);
    KafkaClientConfig client = KafkaClientConfig.fromOptions(Map.of(KafkaClientConfig.FILE_OPTION, clientFile.toString()));
    new TopicSetup(kafka.bootstrapServers(), client, Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
    produceOneCall(client);

    try (EmbeddedFlink flink = EmbeddedFlink.start(workDir.resolve("flink"), 2)) {
      Map<String, String> config = jobConfig(flink, clientFile);
      try (JobSubmitter jobs = new JobSubmitter(flink.restHost(), flink.restPort(), config)) {
        jobs.submit(new TopologyJob(JobSettings.from(Configuration.fromMap(config))));

        assertThat(edgesPublished(client, Duration.ofMinutes(2))).containsExactly("frontend->cartservice");
      }
    }
  }

  @Test
  void wrongCredentialsAreOneLineNotATimeout() throws Exception {
    assertRefusedInOneLine(clientConfig(false), refusal());
  }

  /** Topic setup with these client settings fails fast, with {@code refusal} in a one-line message. */
  static void assertRefusedInOneLine(List<String> clientLines, String refusal) throws Exception {
    KafkaClientConfig wrong = clientConfigFile(clientLines);
    TopicSetup setup = new TopicSetup(kafka.bootstrapServers(), wrong, Duration.ofSeconds(20));

    assertThatThrownBy(setup::checkReachable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(refusal)
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> setup.ensureTopics(TopicNames.defaults(), (short) 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(refusal);
  }

  /** The client settings as a user gives them: a client properties file with these lines. */
  static KafkaClientConfig clientConfigFile(List<String> clientLines) throws Exception {
    return KafkaClientConfig.fromOptions(Map.of(KafkaClientConfig.FILE_OPTION, writeClientConfig(clientLines).toString()));
  }

  private Path writeClientConfig(boolean rightCredentials) throws Exception {
    return writeClientConfig(clientConfig(rightCredentials));
  }

  /** A Kafka client properties file with these lines. */
  static Path writeClientConfig(List<String> clientLines) throws Exception {
    Path file = Files.createTempFile(workDir, "client", ".properties");
    List<String> lines = new ArrayList<>(clientLines);
    lines.add("");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }

  private static Map<String, String> jobConfig(EmbeddedFlink flink, Path clientFile) {
    Map<String, String> config = new HashMap<>(flink.jobDefaults());
    config.put(CausewayOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
    config.put(CausewayOptions.STARTING_OFFSETS.key(), "earliest");
    config.put(KafkaClientConfig.FILE_OPTION, clientFile.toString());
    config.put("parallelism.default", "1");
    return config;
  }

  /** frontend calls cartservice once; an hour later a span on every partition closes the window. */
  private static void produceOneCall(KafkaClientConfig client) throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Properties props = client.applyTo(new Properties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, Span> producer = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.serializer(Span.class))) {
      Span root = span("t1", "s1", null, "frontend", SpanKind.SERVER, start);
      Span child = span("t1", "s2", "s1", "cartservice", SpanKind.SERVER, start.plusMillis(2));
      producer.send(new ProducerRecord<>(Topic.SPANS.defaultName(), 0, start.toEpochMilli(), "t1", root));
      producer.send(new ProducerRecord<>(Topic.SPANS.defaultName(), 0, start.toEpochMilli(), "t1", child));
      Instant later = start.plus(Duration.ofHours(1));
      for (int partition = 0; partition < Topic.SPANS.defaultPartitions(); partition++) {
        Span clock = span("clock-" + partition, "clock", null, "clock", SpanKind.SERVER, later);
        producer.send(new ProducerRecord<>(Topic.SPANS.defaultName(), partition, later.toEpochMilli(), clock.getTraceId(), clock));
      }
      producer.flush();
    }
  }

  private static Span span(String trace, String id, String parent, String service, SpanKind kind, Instant start) {
    return Span.newBuilder().setTraceId(trace).setSpanId(id).setParentSpanId(parent).setService(service).setOperation("op")
        .setKind(kind).setStartTime(start).setDurationMicros(1000).setStatus(SpanStatus.OK).build();
  }

  private static Set<String> edgesPublished(KafkaClientConfig client, Duration patience) {
    Properties props = client.applyTo(new Properties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-secured-edges");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> seen = new TreeSet<>();
    try (KafkaConsumer<String, DependencyEdge> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(DependencyEdge.class))) {
      consumer.subscribe(List.of(Topic.EDGES.defaultName()));
      long deadline = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < deadline && seen.isEmpty()) {
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
