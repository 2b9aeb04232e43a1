package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real KRaft broker, and topic setup follows the topic contract. */
class TopicSetupITCase {

  @TempDir Path dataDir;

  @Test
  void createsEveryContractTopicWithItsPartitionsAndCompactionOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      TopicSetup setup = new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(20));
      TopicNames names = TopicNames.withPrefix("staging.");

      List<String> created = setup.ensureTopics(names, (short) 1);
      List<String> createdAgain = setup.ensureTopics(names, (short) 1);

      assertThat(created).containsExactlyInAnyOrderElementsOf(names.all().values());
      assertThat(createdAgain).isEmpty();
      try (Admin admin = Admin.create(adminProps(kafka))) {
        Map<String, TopicDescription> topics = admin.describeTopics(names.all().values()).allTopicNames().get();
        for (Topic topic : Topic.values()) {
          assertThat(topics.get(names.of(topic)).partitions()).as(topic.name()).hasSize(topic.defaultPartitions());
          assertThat(cleanupPolicy(admin, names.of(topic)))
              .as("cleanup.policy of %s", names.of(topic))
              .isEqualTo(topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        }
      }
    }
  }

  @Test
  void reportsAnUnreachableBrokerAsAReadableError() {
    TopicSetup setup = new TopicSetup("127.0.0.1:9", Duration.ofSeconds(2));

    org.assertj.core.api.Assertions.assertThatThrownBy(setup::checkReachable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Kafka broker answered at 127.0.0.1:9");
  }

  private static String cleanupPolicy(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
  }

  private static Properties adminProps(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return props;
  }
}
