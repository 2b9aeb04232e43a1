package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.SignalKind;
import org.junit.jupiter.api.Test;

class SignalCatalogTest {

  @Test
  void cpuAndUtilisationMetricsAreSaturation() {
    assertThat(SignalCatalog.kindOfMetric("container.cpu.utilization")).isEqualTo("SATURATION");
    assertThat(SignalCatalog.kindOfMetric("k8s.pod.cpu.usage")).isEqualTo("SATURATION");
    assertThat(SignalCatalog.kindOfMetric("container.memory.utilization")).isEqualTo("SATURATION");
    assertThat(SignalCatalog.kindOfMetric("db.pool.saturation")).isEqualTo("SATURATION");
  }

  @Test
  void latencyAndDurationMetricsAreLatency() {
    assertThat(SignalCatalog.kindOfMetric("http.server.request.duration")).isEqualTo("LATENCY");
    assertThat(SignalCatalog.kindOfMetric("rpc.client.latency")).isEqualTo("LATENCY");
  }

  @Test
  void errorMetricsAreErrorsWhateverTheirCase() {
    assertThat(SignalCatalog.kindOfMetric("HTTP.Server.Errors")).isEqualTo("ERRORS");
    assertThat(SignalCatalog.kindOfMetric(SignalCatalog.ERROR_RATIO)).isEqualTo("ERRORS");
    // what ingest makes of a success rate in percent: an error signal that opens an incident alone
    assertThat(SignalCatalog.kindOfMetric("server.error.ratio")).isEqualTo("ERRORS");
    assertThat(SignalCatalog.opensIncidents("ERRORS", "server.error.ratio")).isTrue();
  }

  @Test
  void requestRatesAreTrafficJudgedBothWaysWithAFloor() {
    assertThat(SignalCatalog.kindOfMetric("server.requests.rate")).isEqualTo("TRAFFIC");
    assertThat(SignalCatalog.kindOfMetric("nezha.PodWorkload(Ops)")).isEqualTo("TRAFFIC");
    RobustDetector detector = new RobustDetector(SignalCatalog.settingsFor("TRAFFIC"));
    for (int i = 0; i < 20; i++) {
      detector.observe(i, 0.1);
    }
    for (int i = 20; i < 30; i++) {
      assertThat(detector.observe(i, 0.4).verdict()).as("a near-idle series moving by a fraction of a request").isNotEqualTo(Judgement.Verdict.CONFIRMED);
    }
  }

  @Test
  void supportingSignalsDoNotOpenIncidentsAlone() {
    assertThat(SignalCatalog.opensIncidents("LATENCY", "server.latency.p90")).isTrue();
    assertThat(SignalCatalog.opensIncidents("SATURATION", "container.cpu.utilization")).isTrue();
    assertThat(SignalCatalog.opensIncidents("LOG", SignalCatalog.LOG_ERRORS)).isTrue();
    assertThat(SignalCatalog.opensIncidents("LATENCY", "client.latency.p90")).isFalse();
    assertThat(SignalCatalog.opensIncidents("RESOURCE", "nezha.SyscallWrite")).isFalse();
    assertThat(SignalCatalog.opensIncidents("TRAFFIC", "edge.call.rate")).isFalse();
    assertThat(SignalCatalog.opensIncidents("LOG", SignalCatalog.NEW_LOG_TEMPLATE)).isFalse();
  }

  @Test
  void aTailQuantileJoinsAnIncidentButDoesNotOpenOne() {
    assertThat(SignalCatalog.opensIncidents("LATENCY", "server.latency.p99")).isFalse();
    assertThat(SignalCatalog.opensIncidents("LATENCY", "nezha.LatencyP999(s)")).isFalse();
    assertThat(SignalCatalog.opensIncidents("LATENCY", "server.latency.p90")).isTrue();
    assertThat(SignalCatalog.opensIncidents("LATENCY", "server.latency.p50")).isTrue();
    assertThat(SignalCatalog.isTailQuantile("http.server.duration.P99")).isTrue();
    assertThat(SignalCatalog.isTailQuantile(SignalCatalog.LATENCY_P90)).isFalse();
  }

  @Test
  void clientSideSignalsAreTold() {
    assertThat(SignalCatalog.isClientSide("client.latency.p90")).isTrue();
    assertThat(SignalCatalog.isClientSide("rpc.client.duration")).isTrue();
    assertThat(SignalCatalog.isClientSide("nezha.PodClientLatencyP95(s)")).isTrue();
    assertThat(SignalCatalog.isClientSide("server.latency.p90")).isFalse();
    assertThat(SignalCatalog.isClientSide(SignalCatalog.LATENCY_P90)).isFalse();
  }

  @Test
  void anyOtherMetricIsAResource() {
    assertThat(SignalCatalog.kindOfMetric("process.memory.usage")).isEqualTo("RESOURCE");
    assertThat(SignalCatalog.kindOfMetric("jvm.thread.count")).isEqualTo("RESOURCE");
  }

  @Test
  void cpuWinsOverLatencyWhenANameMentionsBoth() {
    assertThat(SignalCatalog.kindOfMetric("cpu.scheduler.latency")).isEqualTo("SATURATION");
  }

  @Test
  void everyMetricKindIsASignalKindOfTheSchema() {
    for (String name : new String[] {"container.cpu.utilization", "rpc.server.duration", "app.errors", "memory.rss"}) {
      assertThat(SignalKind.valueOf(SignalCatalog.kindOfMetric(name))).isNotEqualTo(SignalKind.UNKNOWN);
    }
  }

  @Test
  void eachKindIsJudgedByItsOwnSettings() {
    assertThat(SignalCatalog.settingsFor("LATENCY")).isEqualTo(DetectorSettings.latency());
    assertThat(SignalCatalog.settingsFor("ERRORS")).isEqualTo(DetectorSettings.errorRatio());
    assertThat(SignalCatalog.settingsFor("SATURATION")).isEqualTo(DetectorSettings.saturation());
    assertThat(SignalCatalog.settingsFor("LOG")).isEqualTo(DetectorSettings.counts());
  }

  @Test
  void resourcesTrafficAndUnknownKindsAreJudgedBothWays() {
    assertThat(SignalCatalog.settingsFor("RESOURCE")).isEqualTo(DetectorSettings.resource());
    assertThat(SignalCatalog.settingsFor("TRAFFIC")).isEqualTo(DetectorSettings.traffic());
    assertThat(SignalCatalog.settingsFor("UNKNOWN")).isEqualTo(DetectorSettings.resource());
    assertThat(SignalCatalog.settingsFor("TRAFFIC").direction()).isEqualTo(Direction.BOTH);
  }

  @Test
  void theRedSignalsAreJudgedAsLatencyAndErrors() {
    assertThat(SignalCatalog.settingsFor(SignalCatalog.kindOfMetric(SignalCatalog.LATENCY_P90)))
        .isEqualTo(DetectorSettings.latency());
    assertThat(SignalCatalog.settingsFor(SignalCatalog.kindOfMetric(SignalCatalog.ERROR_RATIO)))
        .isEqualTo(DetectorSettings.errorRatio());
  }
}
