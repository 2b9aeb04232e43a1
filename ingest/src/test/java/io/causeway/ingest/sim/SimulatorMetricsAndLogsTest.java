package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.T0;
import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static io.causeway.ingest.sim.SimulatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.Severity;
import io.causeway.avro.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorMetricsAndLogsTest {

  private static InMemoryTelemetrySink sink;

  @BeforeAll
  static void generateAMinuteOfHealthyTraffic() {
    sink = run(config(31).build(), Duration.ofMinutes(1));
  }

  @Test
  void samplesCpuAndMemoryOfEveryServiceEveryFiveSeconds() {
    Map<String, List<MetricPoint>> byService =
        sink.metrics().stream().collect(Collectors.groupingBy(MetricPoint::getService));

    assertThat(byService.keySet()).containsExactlyInAnyOrderElementsOf(OnlineBoutique.services());
    byService.values().forEach(points -> {
      // samples at 5s, 10s, ... 55s: the one at 60s belongs to the next advance
      assertThat(points).hasSize(2 * 11);
      assertThat(points).extracting(MetricPoint::getName)
          .containsOnly("container.cpu.utilization", "container.memory.working_set");
    });
    assertThat(sink.metrics()).extracting(MetricPoint::getTimestamp)
        .contains(T0.plusSeconds(5), T0.plusSeconds(55))
        .allSatisfy(t -> assertThat(t.toEpochMilli() % 5000).isZero());
  }

  @Test
  void labelsMetricsWithPodAndNamespaceAsGauges() {
    assertThat(sink.metrics()).allSatisfy(point -> {
      assertThat(point.getType()).isEqualTo(MetricType.GAUGE);
      assertThat(point.getLabels()).containsOnlyKeys("pod", "namespace")
          .containsEntry("namespace", "default");
      assertThat(point.getLabels().get("pod")).startsWith(point.getService() + "-");
    });
  }

  @Test
  void keepsHealthyCpuWellBelowSaturationAndMemoryNearItsTypicalSize() {
    assertThat(sink.metrics())
        .filteredOn(p -> p.getName().equals("container.cpu.utilization"))
        .allSatisfy(p -> assertThat(p.getValue()).isBetween(0.0, 0.6));
    assertThat(sink.metrics())
        .filteredOn(p -> p.getName().equals("container.memory.working_set"))
        .allSatisfy(p -> {
          double typical = ServiceProfile.of(p.getService()).memoryBytes();
          assertThat(p.getValue()).isBetween(0.8 * typical, 1.2 * typical);
        });
  }

  @Test
  void busierServicesUseMoreCpu() {
    assertThat(meanCpu("frontend")).isGreaterThan(meanCpu("shippingservice"));
  }

  @Test
  void logsCarryTheTraceAndSpanOfTheRequestTheyDescribe() {
    Set<String> spanIds = sink.spans().stream().map(Span::getSpanId).collect(Collectors.toSet());

    assertThat(sink.logs()).isNotEmpty().allSatisfy(log -> {
      assertThat(log.getTraceId()).matches("[0-9a-f]{32}");
      assertThat(spanIds).contains(log.getSpanId());
      assertThat(log.getAttributes()).containsKey("k8s.pod.name");
    });
  }

  @Test
  void writesInfoLinesAtAModestSampledRate() {
    List<LogRecord> info =
        sink.logs().stream().filter(l -> l.getSeverity() == Severity.INFO).toList();

    assertThat(info.size() / 60.0).isBetween(5.0, 40.0);
    assertThat(info).extracting(LogRecord::getBody)
        .anySatisfy(body -> assertThat(body).startsWith("request complete http.req.method="))
        .anySatisfy(body -> assertThat(body).startsWith("GetCartAsync called with userId="));
  }

  @Test
  void flipsAHarmlessFlagOnAdserviceAThirdIntoTheWarmUpEvenWithoutAFault() {
    assertThat(sink.changes()).singleElement().satisfies(change -> {
      assertThat(change.getService()).isEqualTo("adservice");
      assertThat(change.getTimestamp()).isEqualTo(T0.plusSeconds(20));
    });
  }

  private static double meanCpu(String service) {
    return sink.metrics().stream()
        .filter(p -> p.getService().equals(service))
        .filter(p -> p.getName().equals("container.cpu.utilization"))
        .mapToDouble(MetricPoint::getValue)
        .average()
        .orElseThrow();
  }
}
