package io.causeway.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** Which topics a job's telemetry is read from, by the OTLP options; the graph is built, not run. */
class TelemetrySourcesTest {

  @Test
  void readsCausewaysTopicsAloneByDefault() {
    assertThat(sourcesRead(config(false, false))).containsExactlyInAnyOrder("read telemetry.spans", "read telemetry.metrics", "read telemetry.logs");
  }

  @Test
  void readsTheOtlpTopicsBesideThemWhenEnabled() {
    assertThat(sourcesRead(config(true, false))).containsExactlyInAnyOrder(
        "read telemetry.spans", "read telemetry.metrics", "read telemetry.logs", "read otlp_spans", "read otlp_metrics", "read otlp_logs");
  }

  @Test
  void readsTheOtlpTopicsAloneWhenOnlyThem() {
    assertThat(sourcesRead(config(true, true))).containsExactlyInAnyOrder("read otlp_spans", "read otlp_metrics", "read otlp_logs");
  }

  @Test
  void refusesOtlpOnlyWithoutOtlpSayingWhatToSet() {
    JobSettings settings = JobSettings.from(config(false, true));

    assertThatThrownBy(() -> new TelemetrySources(settings, new KafkaIO(settings, "detection"), "detection"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("causeway.otlp.only needs causeway.otlp.enabled=true");
  }

  private static List<String> sourcesRead(Configuration config) {
    JobSettings settings = JobSettings.from(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaIO io = new KafkaIO(settings, "detection");
    TelemetrySources telemetry = new TelemetrySources(settings, io, "detection");
    telemetry.spans(env).sinkTo(new DiscardingSink<>());
    telemetry.metrics(env).sinkTo(new DiscardingSink<>());
    telemetry.logs(env).sinkTo(new DiscardingSink<>());
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).filter(name -> name.startsWith("Source: ")).map(name -> name.substring("Source: ".length())).toList();
  }

  private static Configuration config(boolean enabled, boolean only) {
    Configuration config = new Configuration();
    config.set(CausewayOptions.BOOTSTRAP_SERVERS, "localhost:9092");
    config.set(OtlpOptions.ENABLED, enabled);
    config.set(OtlpOptions.ONLY, only);
    return config;
  }
}
