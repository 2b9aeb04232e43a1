package io.causeway.jobs.otlp;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Configuration of the OTLP input: the topics the OpenTelemetry Collector's Kafka exporter writes
 * and their encoding. The names default to the exporter's own defaults and are not prefixed by
 * {@code causeway.kafka.topic-prefix}: they belong to the Collector, not to Causeway's contract.
 */
public final class OtlpOptions {

  private OtlpOptions() {}

  public static final ConfigOption<Boolean> ENABLED =
      ConfigOptions.key("causeway.otlp.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Whether the jobs also read the OTLP topics below (spans: topology and detection; metrics and logs: detection),"
                  + " beside Causeway's Avro topics.");

  public static final ConfigOption<Boolean> ONLY =
      ConfigOptions.key("causeway.otlp.only")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "With causeway.otlp.enabled, read spans, metrics and logs from the OTLP topics alone, not from telemetry.spans,"
                  + " telemetry.metrics and telemetry.logs (changes, anomalies and the graph still come from Causeway's topics)."
                  + " An input that never receives a record holds event time back until it is found idle"
                  + " (causeway.event-time.idleness), so leaving out the unused Avro topics lets the first windows close sooner.");

  public static final ConfigOption<String> SPANS_TOPIC =
      ConfigOptions.key("causeway.otlp.spans-topic")
          .stringType()
          .defaultValue("otlp_spans")
          .withDescription("Topic of OTLP ExportTraceServiceRequests (the Collector Kafka exporter's traces topic).");

  public static final ConfigOption<String> METRICS_TOPIC =
      ConfigOptions.key("causeway.otlp.metrics-topic")
          .stringType()
          .defaultValue("otlp_metrics")
          .withDescription("Topic of OTLP ExportMetricsServiceRequests (the Collector Kafka exporter's metrics topic).");

  public static final ConfigOption<String> LOGS_TOPIC =
      ConfigOptions.key("causeway.otlp.logs-topic")
          .stringType()
          .defaultValue("otlp_logs")
          .withDescription("Topic of OTLP ExportLogsServiceRequests (the Collector Kafka exporter's logs topic).");

  public static final ConfigOption<String> ENCODING =
      ConfigOptions.key("causeway.otlp.encoding")
          .stringType()
          .defaultValue("otlp_proto")
          .withDescription(
              "Encoding of the OTLP topics, as set in the Collector's Kafka exporter: 'otlp_proto' (its default) or 'otlp_json'."
                  + " A record in the other encoding becomes a dead letter with reason otlp-wrong-encoding.");

  public static final ConfigOption<String> SPANS_ENCODING =
      ConfigOptions.key("causeway.otlp.spans-encoding")
          .stringType()
          .noDefaultValue()
          .withDescription("Encoding of the spans topic when it differs from " + "causeway.otlp.encoding" + ".");

  public static final ConfigOption<String> METRICS_ENCODING =
      ConfigOptions.key("causeway.otlp.metrics-encoding")
          .stringType()
          .noDefaultValue()
          .withDescription("Encoding of the metrics topic when it differs from " + "causeway.otlp.encoding" + ".");

  public static final ConfigOption<String> LOGS_ENCODING =
      ConfigOptions.key("causeway.otlp.logs-encoding")
          .stringType()
          .noDefaultValue()
          .withDescription("Encoding of the logs topic when it differs from " + "causeway.otlp.encoding" + ".");

  public static final ConfigOption<Duration> CUMULATIVE_STATE_TTL =
      ConfigOptions.key("causeway.otlp.metrics.cumulative-state-ttl")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription(
              "How long the last point of a cumulative counter or histogram series is kept to take the next point's delta"
                  + " (keyed state TTL). A series silent for longer starts over: its next point is only remembered."
                  + " Keep it above a few of the Collector's export intervals.");
}
