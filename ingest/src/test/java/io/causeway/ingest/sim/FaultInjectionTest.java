package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.FAULT_START;
import static io.causeway.ingest.sim.SimulatorFixtures.runWithFault;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FaultInjectionTest {

  private static final Duration RUN = Duration.ofMinutes(3);

  @Test
  void latencyFaultSlowsTheTargetManyTimesOverAndItsCallersWithIt() {
    Spans spans = Spans.of(runWithFault("productcatalogservice:latency", RUN).spans());
    Spans target = spans.server("productcatalogservice");

    assertThat(target.startingFrom(FAULT_START).quantileMillis(0.5))
        .isGreaterThan(20 * target.startingBefore(FAULT_START).quantileMillis(0.5));
    assertThat(target.startingFrom(FAULT_START).quantileMillis(0.9))
        .isGreaterThan(20 * target.startingBefore(FAULT_START).quantileMillis(0.9));
    assertGrowsAtFaultStart(spans.server("recommendationservice"), 10);
    assertGrowsAtFaultStart(spans.client("frontend", "productcatalogservice"), 10);
    assertGrowsAtFaultStart(spans.server("checkoutservice"), 3);
    assertGrowsAtFaultStart(spans.roots(), 3);
  }

  @Test
  void latencyFaultLeavesUnrelatedServicesAlone() {
    Spans spans = Spans.of(runWithFault("productcatalogservice:latency", RUN).spans());
    Spans payment = spans.server("paymentservice");

    assertThat(payment.startingFrom(FAULT_START).quantileMillis(0.5))
        .isLessThan(2 * payment.startingBefore(FAULT_START).quantileMillis(0.5));
  }

  @Test
  void latencyFaultMakesCallersWarnAboutSlowCalls() {
    List<LogRecord> logs = runWithFault("productcatalogservice:latency", RUN).logs();

    assertThat(warnings(logs, "slow call to productcatalogservice"))
        .isNotEmpty()
        .allSatisfy(log -> assertThat(log.getTimestamp()).isAfterOrEqualTo(FAULT_START));
  }

  @Test
  void errorsFaultFailsAThirdOfTheTargetsRequestsAndPropagatesToCallers() {
    InMemoryTelemetrySink sink = runWithFault("productcatalogservice:errors", RUN);
    Spans spans = Spans.of(sink.spans());
    Spans target = spans.server("productcatalogservice");

    assertThat(target.startingBefore(FAULT_START).errorRatio()).isLessThan(0.01);
    assertThat(target.startingFrom(FAULT_START).errorRatio()).isBetween(0.28, 0.42);
    assertThat(spans.client("frontend", "productcatalogservice").startingFrom(FAULT_START)
        .errorRatio()).isGreaterThan(0.25);
    assertThat(spans.server("recommendationservice").startingFrom(FAULT_START).errorRatio())
        .isGreaterThan(0.25);
    assertThat(spans.roots().startingBefore(FAULT_START).errorRatio()).isLessThan(0.02);
    assertThat(spans.roots().startingFrom(FAULT_START).errorRatio()).isGreaterThan(0.3);
    List<LogRecord> targetErrors = errors(sink.logs(), "productcatalogservice");
    assertThat(targetErrors).filteredOn(log -> log.getTimestamp().isBefore(FAULT_START))
        .hasSizeLessThan(10);
    assertThat(targetErrors).filteredOn(log -> !log.getTimestamp().isBefore(FAULT_START))
        .hasSizeGreaterThan(500);
  }

  @Test
  void callersLogTheFailureTheyPassOn() {
    List<LogRecord> logs = runWithFault("paymentservice:errors", RUN).logs();

    assertThat(errors(logs, "checkoutservice"))
        .extracting(LogRecord::getBody)
        .contains(
            "failed to charge card: could not charge the card: rpc error: code = Unavailable"
                + " desc = credit card processor unavailable: connection refused");
    assertThat(errors(logs, "frontend"))
        .extracting(LogRecord::getBody)
        .anySatisfy(body -> assertThat(body)
            .startsWith("request error: failed to complete the order: rpc error: code = Internal"));
  }

  @ParameterizedTest
  @MethodSource("io.causeway.ingest.sim.OnlineBoutique#faultTargets")
  void everyServiceButRedisCanBeMadeToFail(String service) {
    Spans target = Spans.of(runWithFault(service + ":errors", RUN).spans()).server(service);

    assertThat(target.startingBefore(FAULT_START).errorRatio()).isLessThan(0.02);
    assertThat(target.startingFrom(FAULT_START).errorRatio()).isBetween(0.2, 0.5);
  }

  @Test
  void cpuFaultPinsTheTargetsCpuNearSaturationAndNoOtherService() {
    InMemoryTelemetrySink sink = runWithFault("currencyservice:cpu", RUN);
    List<MetricPoint> cpu = cpu(sink.metrics());

    assertThat(cpu)
        .filteredOn(p -> p.getService().equals("currencyservice"))
        .filteredOn(p -> !p.getTimestamp().isBefore(FAULT_START))
        .hasSizeGreaterThan(20)
        .allSatisfy(p -> assertThat(p.getValue()).isBetween(0.85, 0.98));
    assertThat(cpu)
        .filteredOn(p -> p.getTimestamp().isBefore(FAULT_START)
            || !p.getService().equals("currencyservice"))
        .allSatisfy(p -> assertThat(p.getValue()).isLessThan(0.85));
    Spans target = Spans.of(sink.spans()).server("currencyservice");
    assertThat(target.startingFrom(FAULT_START).quantileMillis(0.5))
        .isGreaterThan(2 * target.startingBefore(FAULT_START).quantileMillis(0.5));
  }

  @Test
  void badDeployAnnouncesADeployOfTheTargetAtFaultStartThenFails() {
    InMemoryTelemetrySink sink = runWithFault("cartservice:bad-deploy", RUN);

    assertThat(sink.changes())
        .filteredOn(c -> c.getType() == ChangeType.DEPLOY)
        .singleElement()
        .satisfies(deploy -> {
          assertThat(deploy.getService()).isEqualTo("cartservice");
          assertThat(deploy.getTimestamp()).isEqualTo(FAULT_START);
          assertThat(deploy.getVersion()).startsWith("v0.10.3-");
          assertThat(deploy.getAuthor()).isNotBlank();
          assertThat(deploy.getDescription()).contains("cartservice");
          assertThat(deploy.getSource()).isEqualTo("simulator");
        });
    Spans target = Spans.of(sink.spans()).server("cartservice");
    assertThat(target.startingBefore(FAULT_START).errorRatio()).isLessThan(0.01);
    assertThat(target.startingFrom(FAULT_START).errorRatio()).isBetween(0.22, 0.38);
  }

  @Test
  void badDeployBringsANewExceptionTypeIntoTheTargetsLogs() {
    List<LogRecord> logs = runWithFault("adservice:bad-deploy", RUN).logs();

    List<LogRecord> exceptions =
        errors(logs, "adservice").stream()
            .filter(log -> log.getAttributes().containsKey("exception.type"))
            .toList();

    assertThat(exceptions)
        .hasSizeGreaterThan(50)
        .allSatisfy(log -> {
          assertThat(log.getTimestamp()).isAfterOrEqualTo(FAULT_START);
          assertThat(log.getAttributes())
              .containsEntry("exception.type", "java.lang.NullPointerException");
          assertThat(log.getBody()).contains("NullPointerException");
        });
  }

  @Test
  void aHarmlessFlagFlipLandsDuringWarmUpAwayFromTheTarget() {
    List<ChangeEvent> changes = runWithFault("productcatalogservice:latency", RUN).changes();

    assertThat(changes).singleElement().satisfies(flag -> {
      assertThat(flag.getType()).isEqualTo(ChangeType.FLAG);
      assertThat(flag.getService()).isEqualTo("adservice");
      assertThat(flag.getTimestamp()).isBefore(FAULT_START);
    });
  }

  private static void assertGrowsAtFaultStart(Spans spans, double factor) {
    assertThat(spans.startingFrom(FAULT_START).quantileMillis(0.5))
        .isGreaterThan(factor * spans.startingBefore(FAULT_START).quantileMillis(0.5));
  }

  private static List<MetricPoint> cpu(List<MetricPoint> metrics) {
    return metrics.stream().filter(p -> p.getName().equals("container.cpu.utilization")).toList();
  }

  private static List<LogRecord> errors(List<LogRecord> logs, String service) {
    return logs.stream()
        .filter(l -> l.getService().equals(service) && l.getSeverity() == Severity.ERROR)
        .toList();
  }

  private static List<LogRecord> warnings(List<LogRecord> logs, String prefix) {
    return logs.stream()
        .filter(l -> l.getSeverity() == Severity.WARN && l.getBody().startsWith(prefix))
        .toList();
  }
}
