package io.causeway.notify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The notifier's YAML file: the shipped example parses; anything it cannot use is refused with where and why. */
class NotifyConfigFileTest {

  private static final Path EXAMPLE = Path.of("..", "deploy", "notify", "notify.example.yaml");
  private static final UnaryOperator<String> ENV = Map.of(
      "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/X",
      "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789abcdefabcdef",
      "CAUSEWAY_WEBHOOK_SECRET", "a-long-enough-secret")::get;

  @Test
  void theShippedExampleParsesIntoEverySinkWithItsSettings() throws Exception {
    NotifyConfig config = NotifyConfigFile.read(EXAMPLE, ENV, null);

    assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.groupId()).isEqualTo("causeway-notify");
    assertThat(config.startAt()).isEqualTo("latest");
    assertThat(config.stateQueriesUrl()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(config.retry()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10)));
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.sinks()).extracting(SinkConfig::type).containsExactly("alertmanager", "slack", "pagerduty", "webhook");
    assertThat(config.sinks().get(0)).isEqualTo(new SinkConfig.Alertmanager(
        "alertmanager", URI.create("http://localhost:9093"), Duration.ofMinutes(1), Duration.ofMinutes(5), Map.of("team", "sre")));
    assertThat(config.sinks().get(1)).isEqualTo(new SinkConfig.Slack("slack-oncall", URI.create("https://hooks.slack.com/services/T0/B0/X")));
    assertThat(config.sinks().get(2)).isEqualTo(new SinkConfig.PagerDuty(
        "pagerduty", URI.create("https://events.pagerduty.com/v2/enqueue"), "R0UT1NGKEY0123456789abcdefabcdef", "causeway-prod"));
    assertThat(((SinkConfig.Webhook) config.sinks().get(3)).secret()).isEqualTo("a-long-enough-secret");
  }

  @Test
  void theBootstrapServersFlagReplacesTheFilesAndIsRequiredWhenTheFileHasNone() throws Exception {
    assertThat(NotifyConfigFile.read(EXAMPLE, ENV, "kafka-1:9092").bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(refusal("sinks: [{type: slack, webhook-url: 'https://hooks.slack.com/x'}]"))
        .isEqualTo("notify.yaml: kafka.bootstrap-servers: required (in the file or as --bootstrap-servers)");
  }

  @Test
  void malformedYamlIsRefusedWithItsLine() {
    assertThat(refusal("kafka:\n  bootstrap-servers: x:9092\nsinks:\n  - type: slack\n   webhook-url: [unclosed\n"))
        .startsWith("notify.yaml line 5, column").contains("not valid YAML");
  }

  @Test
  void eachMistakeIsNamedByItsKey() {
    String kafka = "kafka: {bootstrap-servers: 'k:9092'}\n";
    assertThat(refusal(kafka + "sinks: []")).contains("'sinks' must list at least one sink");
    assertThat(refusal(kafka + "sinks: [{type: teams, url: 'https://x'}]")).isEqualTo(
        "notify.yaml: sinks[0].type: 'teams' is not a sink type; use alertmanager, slack, pagerduty or webhook");
    assertThat(refusal(kafka + "sinks: [{type: pagerduty}]")).isEqualTo("notify.yaml: sinks[0].routing-key: required");
    assertThat(refusal(kafka + "sinks: [{type: slack, webhook_url: 'https://x'}]")).isEqualTo(
        "notify.yaml: sinks[0].webhook_url: unknown key; known here: name, type, webhook-url");
    assertThat(refusal(kafka + "sinks: [{type: slack, webhook-url: 'hooks.slack.com/x'}]")).isEqualTo(
        "notify.yaml: sinks[0].webhook-url: 'hooks.slack.com/x' is not an http(s) URL");
    assertThat(refusal(kafka + "sinks: [{type: slack, webhook-url: '${NOPE}'}]")).isEqualTo(
        "notify.yaml: sinks[0].webhook-url: environment variable NOPE is not set");
    assertThat(refusal(kafka + "sinks: [{type: webhook, url: 'https://x', secret: short}]")).contains("secret must be at least 16 characters");
    assertThat(refusal(kafka + "sinks: [{type: alertmanager, url: 'http://am:9093', repost-every: 5m, hold-for: 1m}]"))
        .contains("sinks[0].hold-for must be longer than repost-every");
    assertThat(refusal(kafka + "retry: {attempts: 0}\nsinks: [{type: slack, webhook-url: 'https://x'}]")).contains("retry.attempts must be from 1 to 20");
    assertThat(refusal(kafka + "retry: {initial-backoff: soon}\nsinks: [{type: slack, webhook-url: 'https://x'}]"))
        .contains("retry.initial-backoff: 'soon' is not a duration");
    assertThat(refusal(kafka + "sinks: [{type: slack, webhook-url: 'https://x'}, {type: slack, webhook-url: 'https://y'}]"))
        .contains("sinks[1].name: 'slack' is used by another sink");
    assertThat(refusal(kafka + "sinks: [{type: slack, name: 'on call', webhook-url: 'https://x'}]")).contains("sinks[0].name: 'on call' must be");
    assertThat(refusal(kafka + "colour: blue\nsinks: [{type: slack, webhook-url: 'https://x'}]")).contains("notify.yaml: colour: unknown key");
  }

  private static String refusal(String yaml) {
    try {
      NotifyConfigFile.parse("notify.yaml", yaml, name -> null, null);
    } catch (NotifyConfigFile.Invalid e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + yaml);
  }
}
