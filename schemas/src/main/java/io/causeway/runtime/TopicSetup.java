package io.causeway.runtime;

import io.causeway.kafka.KafkaAccessFailure;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the contract topics that do not exist yet, with their partitions and cleanup policy,
 * and waits until every partition has a leader that answers for it (producing before that fails,
 * or stalls a producer's batches for that partition).
 */
public final class TopicSetup {

  private final String bootstrapServers;
  private final KafkaClientConfig client;
  private final Duration timeout;

  /** For a broker that needs no client settings (the embedded one). */
  public TopicSetup(String bootstrapServers, Duration timeout) {
    this(bootstrapServers, KafkaClientConfig.none(), timeout);
  }

  public TopicSetup(String bootstrapServers, KafkaClientConfig client, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.client = client;
    this.timeout = timeout;
  }

  /** Returns the names of the topics it created. */
  public List<String> ensureTopics(TopicNames names, short replicationFactor) throws Exception {
    return ensureTopics(names, List.of(Topic.values()), replicationFactor);
  }

  /**
   * Creates those of {@code topics} that do not exist yet (a service creating the topics it
   * writes); a replication factor of -1 takes the broker's default. Returns the names it created.
   */
  public List<String> ensureTopics(TopicNames names, java.util.Collection<Topic> topics, short replicationFactor) throws Exception {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<String> existing = existingTopics(admin);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic topic : topics) {
        if (!existing.contains(names.of(topic))) {
          missing.add(newTopic(names.of(topic), topic, replicationFactor));
        }
      }
      createAll(admin, missing);
      awaitLeaders(admin, topics.stream().map(names::of).toList());
      return missing.stream().map(NewTopic::name).toList();
    }
  }

  /** Creates the named topics that do not exist yet (OTLP input topics, say), all alike. */
  public List<String> ensureTopics(java.util.Collection<String> names, int partitions, short replicationFactor) throws Exception {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<String> existing = existingTopics(admin);
      List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n)).map(n -> new NewTopic(n, partitions, replicationFactor)).toList();
      createAll(admin, missing);
      awaitLeaders(admin, names);
      return missing.stream().map(NewTopic::name).toList();
    }
  }

  /**
   * Fails with one readable line if no broker answers within the timeout, or if the brokers refuse
   * the client's login or its access to the cluster.
   */
  public void checkReachable() {
    try (Admin admin = Admin.create(adminProperties())) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      KafkaAccessFailure.refusal(e, bootstrapServers).ifPresent(refused -> {
        throw refused;
      });
      throw new IllegalStateException(
          "no Kafka broker answered at " + bootstrapServers + " within " + timeout.toSeconds()
              + " s; check --bootstrap-servers and that the broker is running");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while contacting " + bootstrapServers, e);
    }
  }

  /** The first call to the brokers: a refused login or access fails here, as one line. */
  private Set<String> existingTopics(Admin admin) throws Exception {
    try {
      return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw KafkaAccessFailure.refusal(e, bootstrapServers).<Exception>map(refused -> refused).orElse(e);
    }
  }

  private static NewTopic newTopic(String name, Topic topic, short replicationFactor) {
    NewTopic newTopic = new NewTopic(name, topic.defaultPartitions(), replicationFactor);
    if (topic.compacted()) {
      newTopic.configs(
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
              TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000"));
    }
    return newTopic;
  }

  private void createAll(Admin admin, List<NewTopic> topics) throws Exception {
    for (var future : admin.createTopics(topics).values().values()) {
      try {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private void awaitLeaders(Admin admin, java.util.Collection<String> topics) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<List<TopicPartition>> led = ledPartitions(admin, topics);
      if (led.isPresent() && leadersServe(admin, led.get())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic partitions still have no leader that serves them: " + topics);
      }
      Thread.sleep(100);
    }
  }

  /** Empty while a new topic's metadata has not reached the broker yet, or a partition has no leader. */
  private Optional<List<TopicPartition>> ledPartitions(Admin admin, java.util.Collection<String> topics) throws Exception {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      boolean allLed = descriptions.values().stream()
          .flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      return allLed ? Optional.of(partitionsOf(descriptions.values())) : Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static List<TopicPartition> partitionsOf(java.util.Collection<TopicDescription> descriptions) {
    return descriptions.stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .toList();
  }

  /**
   * Whether every partition's leader answers for the partition's log. The metadata can name a
   * leader before that broker has opened the log; a producer's first batches then wait on it.
   */
  private boolean leadersServe(Admin admin, List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    try {
      admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException) {
        return false;
      }
      throw e;
    }
  }

  private Properties adminProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return client.applyTo(props);
  }
}
