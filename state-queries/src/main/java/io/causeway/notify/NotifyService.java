package io.causeway.notify;

import io.causeway.avro.DeadLetter;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentAck;
import io.causeway.avro.Silence;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.notify.config.NotifyConfig;
import io.causeway.notify.config.SinkConfig;
import io.causeway.notify.sinks.AlertmanagerSink;
import io.causeway.notify.sinks.PagerDutySink;
import io.causeway.notify.sinks.Sink;
import io.causeway.notify.sinks.SlackSink;
import io.causeway.notify.sinks.WebhookSink;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.DeadLetters;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.http.ApiServer;
import io.causeway.statequeries.http.OpsRoutes;
import io.causeway.statequeries.http.RefusedRequests;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the notifier: a consumer of {@code incidents} in its own group ({@code read_committed},
 * offsets committed by hand after every sink delivered or dead-lettered each record), a consumer
 * of {@code incident.acks} and {@code notify.silences} read whole from the beginning (no group)
 * before the first incident is handled, the dead-letter producer, and optionally {@code /metrics}
 * and {@code /health}. One thread runs the loop; closing stops it.
 *
 * <p>After a crash the notifier resumes at the record it had in hand, skipping the sinks that
 * already took it: each is committed, with the record's own offset and the sinks so far in the
 * commit's metadata, as soon as its service answers 2xx. A sink hears one incident version twice
 * only when the process dies between that answer and the commit that follows it (Alertmanager and
 * PagerDuty then fold it into the same alert by its labels and {@code dedup_key}).
 */
public final class NotifyService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final NotifyConfig config;
  private final KafkaClientConfig kafkaClient;
  private final TopicNames topics;
  private final Notifier notifier;
  private final PrometheusMeterRegistry meters;
  private final NotifyMetrics metrics;
  private final KafkaConsumer<byte[], byte[]> incidents;
  private final KafkaConsumer<byte[], byte[]> responders;
  private final KafkaProducer<String, DeadLetter> deadLetters;
  private final AvroCodec<Incident> incidentCodec = AvroCodec.of(Incident.class);
  private final AvroCodec<IncidentAck> ackCodec = AvroCodec.of(IncidentAck.class);
  private final AvroCodec<Silence> silenceCodec = AvroCodec.of(Silence.class);
  private final Thread thread;
  private final ApiServer server;
  private final Map<TopicPartition, OffsetAndMetadata> resumeAt = new HashMap<>();
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile Throwable failure;

  private NotifyService(NotifyConfig config, KafkaClientConfig kafkaClient, Clock clock) throws Exception {
    this.config = config;
    this.kafkaClient = kafkaClient;
    this.topics = TopicNames.withPrefix(config.topicPrefix());
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new NotifyMetrics(meters);
    this.notifier = new Notifier(sinks(config), Delivery.withJdkClient(config.retry(), config.requestTimeout()),
        new DeliveryLedger(config.dedupCapacity() * Math.max(1, config.sinks().size())), new Responders(config.dedupCapacity()),
        this::writeDeadLetter, meters, clock, config.stateQueriesUrl());
    this.server = config.metricsPort() < 0 ? null : ApiServer.start(new InetSocketAddress(config.metricsBind(), config.metricsPort()), null, 1, meters,
        RefusedRequests.NONE, new OpsRoutes(meters, () -> {}, this::live, this::ready));
    this.incidents = new KafkaConsumer<>(incidentConsumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.responders = new KafkaConsumer<>(responderConsumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters = new KafkaProducer<>(producerProperties(), new StringSerializer(), AvroSerde.serializer(DeadLetter.class));
    this.thread = new Thread(this::run, "causeway-notify");
  }

  /** Starts the loop; the metrics server, when configured, answers from now on. */
  /** For a broker that needs no client settings (the embedded one). */
  public static NotifyService start(NotifyConfig config, Clock clock) throws Exception {
    return start(config, KafkaClientConfig.none(), clock);
  }

  public static NotifyService start(NotifyConfig config, KafkaClientConfig kafkaClient, Clock clock) throws Exception {
    NotifyService service = new NotifyService(config, kafkaClient, clock);
    service.thread.start();
    return service;
  }

  /** The sinks the config names, in its order. */
  static List<Sink> sinks(NotifyConfig config) {
    List<Sink> sinks = new ArrayList<>();
    for (SinkConfig sink : config.sinks()) {
      sinks.add(sink(sink, config));
    }
    return sinks;
  }

  private static Sink sink(SinkConfig sink, NotifyConfig config) {
    if (sink instanceof SinkConfig.Alertmanager am) {
      return new AlertmanagerSink(am, config.requestTimeout(), config.dedupCapacity());
    } else if (sink instanceof SinkConfig.Slack slack) {
      return new SlackSink(slack, config.requestTimeout(), config.dedupCapacity());
    } else if (sink instanceof SinkConfig.PagerDuty pd) {
      return new PagerDutySink(pd, config.requestTimeout());
    }
    return new WebhookSink((SinkConfig.Webhook) sink, config.requestTimeout());
  }

  /** True once acks and silences are read up to their end and the loop handles incidents. */
  public boolean ready() {
    return caughtUp && running;
  }

  public boolean live() {
    return thread != null && thread.isAlive();
  }

  public Throwable failure() {
    return failure;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** Where {@code /metrics} answers, when configured. */
  public InetSocketAddress metricsAddress() {
    return server == null ? null : server.address();
  }

  private void run() {
    try {
      catchUpWithResponders();
      incidents.subscribe(List.of(topics.of(Topic.INCIDENTS)), new ResumeWithinRecords());
      caughtUp = true;
      LOG.info("notify: acks and silences read; notifying incidents of {} to {} sinks", topics.of(Topic.INCIDENTS), config.sinks().size());
      while (running) {
        applyResponders(responders.poll(Duration.ZERO), true);
        for (ConsumerRecord<byte[], byte[]> record : incidents.poll(POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          handleIncident(record, progressOf(partition, record.offset()));
          deadLetters.flush();
          incidents.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        }
        notifier.tick();
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt(); // closing cut a sink's retries short
    } catch (Throwable e) {
      failure = e;
      LOG.error("notify stopped", e);
    } finally {
      running = false;
    }
  }

  private void handleIncident(ConsumerRecord<byte[], byte[]> record, Notifier.Progress progress) throws InterruptedException {
    Incident incident = decode(incidentCodec, record);
    if (incident != null) {
      notifier.onIncident(incident, record, progress);
    }
  }

  /**
   * The sinks that took this record before a restart (from the committed metadata), and a commit
   * of the record's own offset after each sink that takes it now.
   */
  private Notifier.Progress progressOf(TopicPartition partition, long offset) {
    OffsetAndMetadata resume = resumeAt.remove(partition);
    Set<String> done = resume != null && resume.offset() == offset ? OffsetProgress.sinksIn(resume.metadata(), offset) : new LinkedHashSet<>();
    return new Notifier.Progress() {
      @Override
      public boolean alreadyDelivered(String sink) {
        return done.contains(sink);
      }

      @Override
      public void delivered(String sink) {
        done.add(sink);
        incidents.commitSync(Map.of(partition, new OffsetAndMetadata(offset, OffsetProgress.metadata(offset, done))));
      }
    };
  }

  /** On assignment, reads where each partition's last commit stood, with its metadata. */
  private final class ResumeWithinRecords implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      resumeAt.clear();
      incidents.committed(new HashSet<>(partitions)).forEach((partition, committed) -> {
        if (committed != null) {
          resumeAt.put(partition, committed);
        }
      });
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(resumeAt::remove);
    }
  }

  /** Reads every ack and silence up to the end offsets seen now; acks in history page no one. */
  private void catchUpWithResponders() throws InterruptedException {
    List<TopicPartition> partitions = awaitPartitions(List.of(topics.of(Topic.ACKS), topics.of(Topic.SILENCES)));
    responders.assign(partitions);
    responders.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = responders.endOffsets(partitions);
    while (running && partitions.stream().anyMatch(p -> responders.position(p) < ends.get(p))) {
      applyResponders(responders.poll(POLL), false);
    }
  }

  private void applyResponders(Iterable<ConsumerRecord<byte[], byte[]>> records, boolean live) throws InterruptedException {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      metrics.responderRecord(record.topic());
      if (record.topic().equals(topics.of(Topic.SILENCES))) {
        String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null && id != null) {
          notifier.onSilence(id, null);
        } else {
          Silence silence = decode(silenceCodec, record);
          if (silence != null) {
            notifier.onSilence(silence.getId(), silence);
          }
        }
      } else {
        IncidentAck ack = decode(ackCodec, record);
        if (ack != null) {
          notifier.onAck(ack, record, live);
        }
      }
    }
    deadLetters.flush();
  }

  private <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      writeDeadLetter(DeadLetters.of(record, "null-payload", "null-payload: record has no value", Notifier.CONSUMER));
      return null;
    }
    try {
      return codec.decode(record.value());
    } catch (AvroCodec.DecodeException e) {
      writeDeadLetter(DeadLetters.of(record, e.reason(), e.getMessage(), Notifier.CONSUMER));
      return null;
    } catch (RuntimeException e) {
      writeDeadLetter(DeadLetters.of(record, "malformed", "malformed: " + e.getMessage(), Notifier.CONSUMER));
      return null;
    }
  }

  private void writeDeadLetter(DeadLetter letter) {
    metrics.deadLetter(letter.getReason());
    deadLetters.send(new ProducerRecord<>(topics.of(Topic.DEADLETTER), letter.getSourceTopic(), letter), (meta, e) -> {
      if (e != null) {
        LOG.warn("notify: dead letter for {}/{}/{} ({}) could not be written: {}",
            letter.getSourceTopic(), letter.getPartition(), letter.getOffset(), letter.getReason(), e.toString());
      }
    });
  }

  private List<TopicPartition> awaitPartitions(List<String> names) throws InterruptedException {
    while (running) {
      Map<String, List<PartitionInfo>> existing = responders.listTopics(Duration.ofSeconds(10));
      if (existing.keySet().containsAll(names)) {
        List<TopicPartition> partitions = new ArrayList<>();
        names.forEach(name -> existing.get(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
      }
      LOG.warn("notify: waiting for topics {} (state-queries' writes; `causeway run` creates them)", names);
      Thread.sleep(1000);
    }
    throw new WakeupException();
  }

  private Properties incidentConsumerProperties() {
    Properties props = common("causeway-notify-incidents");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.startAt());
    // a record may wait minutes on the sinks' retries: one per poll (the fetch still buffers more),
    // and time before the group drops the consumer
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    return props;
  }

  private Properties responderConsumerProperties() {
    Properties props = common("causeway-notify-responders");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  private Properties common(String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return kafkaClient.applyTo(props);
  }

  private Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "causeway-notify-deadletters");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return kafkaClient.applyTo(props);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    incidents.wakeup();
    responders.wakeup();
    thread.join(TimeUnit.SECONDS.toMillis(5));
    if (thread.isAlive()) {
      thread.interrupt(); // waiting between a sink's retries; the record stays uncommitted
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    if (server != null) {
      server.close();
    }
    incidents.close(Duration.ofSeconds(5));
    responders.close(Duration.ofSeconds(5));
    deadLetters.close(Duration.ofSeconds(5));
  }
}
