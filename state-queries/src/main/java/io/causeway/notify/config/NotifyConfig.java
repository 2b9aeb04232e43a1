package io.causeway.notify.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The notifier's whole configuration, as read from its YAML file ({@link NotifyConfigFile}).
 *
 * @param bootstrapServers Kafka brokers
 * @param groupId the consumer group whose committed offsets say how far incidents were notified
 * @param topicPrefix put before every default topic name
 * @param startAt where a group with no committed offset starts: {@code latest} (incidents written
 *     before the first start page no one) or {@code earliest}
 * @param stateQueriesUrl base of the links in messages ({@code <url>/api/incidents/<id>}), may be null
 * @param dedupCapacity incidents whose last delivered version is remembered per sink
 * @param metricsPort port of {@code /metrics} and {@code /health} on {@code metricsBind}; 0 for a free one, -1 for none
 */
public record NotifyConfig(
    String bootstrapServers,
    String groupId,
    String topicPrefix,
    String startAt,
    URI stateQueriesUrl,
    RetryPolicy retry,
    Duration requestTimeout,
    int dedupCapacity,
    String metricsBind,
    int metricsPort,
    List<SinkConfig> sinks) {

  public NotifyConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrap-servers: required (in the file or as --bootstrap-servers)");
    }
  }
}
