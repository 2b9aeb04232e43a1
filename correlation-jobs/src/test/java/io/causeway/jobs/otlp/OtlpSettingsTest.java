package io.causeway.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {

  private static Configuration config() {
    Configuration config = new Configuration();
    config.set(CausewayOptions.BOOTSTRAP_SERVERS, "localhost:9092");
    return config;
  }

  @Test
  void defaultsToTheCollectorKafkaExportersTopicsAndEncoding() {
    OtlpSettings settings = OtlpSettings.from(JobSettings.from(config()));

    assertThat(settings.spansTopic).isEqualTo("otlp_spans");
    assertThat(settings.metricsTopic).isEqualTo("otlp_metrics");
    assertThat(settings.logsTopic).isEqualTo("otlp_logs");
    assertThat(settings.spansEncoding).isEqualTo(OtlpEncoding.PROTO);
    assertThat(settings.cumulativeStateTtl).isEqualTo(Duration.ofMinutes(15));
    assertThat(JobSettings.from(config()).get(OtlpOptions.ENABLED)).as("off unless asked for").isFalse();
  }

  @Test
  void letsOneSignalOverrideTheCommonEncoding() {
    Configuration config = config();
    config.set(OtlpOptions.ENCODING, "otlp_json");
    config.set(OtlpOptions.LOGS_ENCODING, "otlp_proto");

    OtlpSettings settings = OtlpSettings.from(JobSettings.from(config));

    assertThat(settings.spansEncoding).isEqualTo(OtlpEncoding.JSON);
    assertThat(settings.metricsEncoding).isEqualTo(OtlpEncoding.JSON);
    assertThat(settings.logsEncoding).isEqualTo(OtlpEncoding.PROTO);
  }

  @Test
  void failsFastOnAnEncodingTheExporterDoesNotHaveABlankTopicOrAZeroTtl() {
    Configuration encoding = config();
    encoding.set(OtlpOptions.METRICS_ENCODING, "jaeger_proto");
    Configuration topic = config();
    topic.set(OtlpOptions.SPANS_TOPIC, " ");
    Configuration ttl = config();
    ttl.set(OtlpOptions.CUMULATIVE_STATE_TTL, Duration.ZERO);

    assertThatThrownBy(() -> OtlpSettings.from(JobSettings.from(encoding)))
        .hasMessageContaining("causeway.otlp.metrics-encoding")
        .hasMessageContaining("otlp_proto, otlp_json");
    assertThatThrownBy(() -> OtlpSettings.from(JobSettings.from(topic))).hasMessageContaining("causeway.otlp.spans-topic");
    assertThatThrownBy(() -> OtlpSettings.from(JobSettings.from(ttl))).hasMessageContaining("must be a positive duration");
  }
}
