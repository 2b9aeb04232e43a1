package io.causeway.jobs;

import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.TopicNames;
import io.causeway.schemas.Topic;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** The validated settings every job reads, built from Flink configuration; fails fast. */
public final class JobSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;
  private final TopicNames topics;
  private final String groupIdPrefix;
  private final String startingOffsets;
  private final KafkaClientConfig kafkaClient;
  private final Configuration raw;

  private JobSettings(Configuration config) {
    this.bootstrapServers = config.get(CausewayOptions.BOOTSTRAP_SERVERS);
    this.topics = TopicNames.withPrefix(config.get(CausewayOptions.TOPIC_PREFIX));
    this.groupIdPrefix = config.get(CausewayOptions.GROUP_ID_PREFIX);
    this.startingOffsets = config.get(CausewayOptions.STARTING_OFFSETS);
    this.kafkaClient = KafkaClientConfig.fromOptions(config.toMap());
    this.raw = new Configuration(config);
  }

  public static JobSettings from(Configuration config) {
    JobSettings settings = new JobSettings(config);
    settings.check();
    return settings;
  }

  private void check() {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "set " + CausewayOptions.BOOTSTRAP_SERVERS.key() + " (or --bootstrap-servers) to your Kafka brokers");
    }
    if (!java.util.Set.of("committed-or-earliest", "earliest", "latest").contains(startingOffsets)) {
      throw new IllegalArgumentException(
          CausewayOptions.STARTING_OFFSETS.key() + " must be committed-or-earliest, earliest or latest, not " + startingOffsets);
    }
    requirePositive(CausewayOptions.WINDOW);
    requirePositive(CausewayOptions.TRACE_JOIN_TIMEOUT);
    requirePositive(CausewayOptions.EDGE_EXPIRY);
    requirePositive(CausewayOptions.QUIET_PERIOD);
    if (get(CausewayOptions.REMIND_EVERY) < 1) {
      throw new IllegalArgumentException(CausewayOptions.REMIND_EVERY.key() + " must be at least 1");
    }
    if (get(CausewayOptions.MAX_SERIES_PER_SERVICE) < 1) {
      throw new IllegalArgumentException(
          CausewayOptions.MAX_SERIES_PER_SERVICE.key() + " must be at least 1 (series judged per service), not " + get(CausewayOptions.MAX_SERIES_PER_SERVICE));
    }
  }

  private void requirePositive(ConfigOption<Duration> option) {
    if (get(option).isNegative() || get(option).isZero()) {
      throw new IllegalArgumentException(option.key() + " must be a positive duration, e.g. 5s");
    }
  }

  /** The ranking's settings, {@code causeway.correlation.*}. */
  public io.causeway.core.correlation.RankingSettings rankingSettings() {
    return CausewayOptions.rankingSettings(raw);
  }

  public <T> T get(ConfigOption<T> option) {
    return raw.get(option);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Security and other client settings every Kafka source and sink of the job is given. */
  public KafkaClientConfig kafkaClient() {
    return kafkaClient;
  }

  public String topic(Topic topic) {
    return topics.of(topic);
  }

  public String groupId(String job) {
    return groupIdPrefix + "-" + job;
  }

  public String startingOffsets() {
    return startingOffsets;
  }
}
