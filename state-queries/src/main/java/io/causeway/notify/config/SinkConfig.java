package io.causeway.notify.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** One configured output; {@code name} tells sinks of one type apart in metrics and dead letters. */
public sealed interface SinkConfig {

  String name();

  /** The type as written in the config file: {@code alertmanager}, {@code slack}, ... */
  String type();

  /**
   * Prometheus Alertmanager's API v2: {@code url} is its base ({@code http://alertmanager:9093}).
   * Active alerts are posted again every {@code repostEvery} with {@code endsAt} {@code holdFor}
   * ahead, as Prometheus does, so an alert the notifier stops posting resolves by itself.
   */
  record Alertmanager(String name, URI url, Duration repostEvery, Duration holdFor, Map<String, String> labels) implements SinkConfig {
    @Override
    public String type() {
      return "alertmanager";
    }
  }

  /** A Slack incoming webhook. */
  record Slack(String name, URI webhookUrl) implements SinkConfig {
    @Override
    public String type() {
      return "slack";
    }
  }

  /** PagerDuty Events API v2: the integration's routing key, the enqueue endpoint. */
  record PagerDuty(String name, URI url, String routingKey, String source) implements SinkConfig {
    @Override
    public String type() {
      return "pagerduty";
    }
  }

  /** A generic JSON webhook, signed with HMAC-SHA256 of the body under {@code secret}. */
  record Webhook(String name, URI url, String secret) implements SinkConfig {
    @Override
    public String type() {
      return "webhook";
    }
  }
}
