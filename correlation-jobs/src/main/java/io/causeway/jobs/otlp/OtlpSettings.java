package io.causeway.jobs.otlp;

import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.jobs.JobSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** The validated OTLP input settings ({@link OtlpOptions}); fails fast with what to change. */
final class OtlpSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  final String spansTopic;
  final String metricsTopic;
  final String logsTopic;
  final OtlpEncoding spansEncoding;
  final OtlpEncoding metricsEncoding;
  final OtlpEncoding logsEncoding;
  final Duration cumulativeStateTtl;

  private OtlpSettings(JobSettings settings) {
    spansTopic = topic(settings, OtlpOptions.SPANS_TOPIC);
    metricsTopic = topic(settings, OtlpOptions.METRICS_TOPIC);
    logsTopic = topic(settings, OtlpOptions.LOGS_TOPIC);
    OtlpEncoding common = encoding(settings, OtlpOptions.ENCODING, null);
    spansEncoding = encoding(settings, OtlpOptions.SPANS_ENCODING, common);
    metricsEncoding = encoding(settings, OtlpOptions.METRICS_ENCODING, common);
    logsEncoding = encoding(settings, OtlpOptions.LOGS_ENCODING, common);
    cumulativeStateTtl = settings.get(OtlpOptions.CUMULATIVE_STATE_TTL);
    if (cumulativeStateTtl.isNegative() || cumulativeStateTtl.isZero()) {
      throw new IllegalArgumentException(OtlpOptions.CUMULATIVE_STATE_TTL.key() + " must be a positive duration, e.g. 15min");
    }
  }

  static OtlpSettings from(JobSettings settings) {
    return new OtlpSettings(settings);
  }

  private static String topic(JobSettings settings, ConfigOption<String> option) {
    String name = settings.get(option);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("set " + option.key() + " to the topic your Collector's Kafka exporter writes, e.g. " + option.defaultValue());
    }
    return name.trim();
  }

  private static OtlpEncoding encoding(JobSettings settings, ConfigOption<String> option, OtlpEncoding fallback) {
    String name = settings.get(option);
    if (name == null && fallback != null) {
      return fallback;
    }
    try {
      return OtlpEncoding.of(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option.key() + ": " + e.getMessage(), e);
    }
  }
}
