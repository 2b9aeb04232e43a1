package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.causeway.avro.MetricPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NezhaMetricsTest {

  private static final String HEADER = "Time,TimeStamp,PodName,CpuUsageRate(%)\n";

  private final NezhaMetrics metrics = new NezhaMetrics(PodNames.defaults());

  @Test
  void aRowIsDatedByItsWallTimeToTheSecondWhenItsNumericStampDisagrees(@TempDir Path dir) throws IOException {
    // as on the Online Boutique day: the pod's TimeStamp is 200,000,000 s ahead of its wall time
    Path file = Files.writeString(dir.resolve("adservice-5f6585d649-fnmft_metric.csv"),
        HEADER + "2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869,1861140279,adservice-5f6585d649-fnmft,5.0\n");

    List<MetricPoint> points = metrics.read(file);

    assertThat(points).singleElement().satisfies(p -> {
      assertThat(p.getTimestamp()).isEqualTo(Instant.parse("2022-08-22T03:51:19Z"));
      assertThat(p.getService()).isEqualTo("adservice");
    });
  }

  @Test
  void aWallTimeInAnotherOffsetIsReadAsThatInstant(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("cartservice-579f59597d-wc2lz_metric.csv"),
        HEADER + "2022-08-22 05:51:19 +0200 CEST,1661140279,cartservice-579f59597d-wc2lz,5.0\n");

    assertThat(metrics.read(file)).singleElement().extracting(MetricPoint::getTimestamp).isEqualTo(Instant.parse("2022-08-22T03:51:19Z"));
  }

  @Test
  void withoutAReadableWallTimeTheNumericStampDates(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("cartservice-579f59597d-wc2lz_metric.csv"),
        HEADER + "yesterday,1674981669,cartservice-579f59597d-wc2lz,5.0\n");
    Path noTimeColumn = Files.writeString(dir.resolve("emailservice-55fdc5b988-f6xth_metric.csv"),
        "TimeStamp,PodName,CpuUsageRate(%)\n1674981669,emailservice-55fdc5b988-f6xth,5.0\n");

    assertThat(metrics.read(file)).singleElement().extracting(MetricPoint::getTimestamp).isEqualTo(Instant.ofEpochSecond(1674981669));
    assertThat(metrics.read(noTimeColumn)).singleElement().extracting(MetricPoint::getTimestamp).isEqualTo(Instant.ofEpochSecond(1674981669));
  }

  @Test
  void aSuccessRateInPercentIsReadAsTheErrorRatioOfTheService(@TempDir Path dir) throws IOException {
    // as the Online Boutique frontend's return fault: only its success rate falls, 100 -> 54
    Path file = Files.writeString(dir.resolve("front_service.csv"), FRONT_HEADER
        + "2022-08-22 04:02:19 +0000 UTC,1661140939,Frontend,100,0.2\n"
        + "2022-08-22 04:03:19 +0000 UTC,1661140999,Frontend,54,0.2\n");

    List<MetricPoint> errors = metrics.read(file).stream().filter(p -> p.getName().equals(NezhaMetrics.ERROR_RATIO)).toList();

    assertThat(errors).extracting(MetricPoint::getValue)
        .satisfiesExactly(v -> assertThat(v).isZero(), v -> assertThat(v).isCloseTo(0.46, within(1e-9)));
    assertThat(errors).allSatisfy(p -> {
      assertThat(p.getService()).isEqualTo(NezhaMetrics.FRONTEND);
      assertThat(p.getUnit()).isEqualTo("1");
    });
  }

  @Test
  void aSuccessRateThatReadsZeroOnEveryRowWasNotMeasuredAndKeepsItsOwnName(@TempDir Path dir) throws IOException {
    // both days' pods: PodSuccessRate(%) is 0 all day while they serve at normal latencies
    Path file = Files.writeString(dir.resolve("cartservice-579f59597d-wc2lz_metric.csv"), "Time,TimeStamp,PodName,PodSuccessRate(%)\n"
        + "2022-08-22 04:02:19 +0000 UTC,1661140939,cartservice-579f59597d-wc2lz,0\n"
        + "2022-08-22 04:03:19 +0000 UTC,1661140999,cartservice-579f59597d-wc2lz,0\n");

    assertThat(metrics.read(file)).extracting(MetricPoint::getName).containsOnly("nezha.PodSuccessRate(%)");
  }

  @Test
  void successAndAvailabilityPercentagesAreErrorSignalsWhateverTheirPrefix() {
    assertThat(NezhaMetrics.isSuccessPercentage("PodSuccessRate(%)")).isTrue();
    assertThat(NezhaMetrics.isSuccessPercentage("SuccessRate(%)")).isTrue();
    assertThat(NezhaMetrics.isSuccessPercentage("Availability(%)")).isTrue();
    assertThat(NezhaMetrics.isSuccessPercentage("SuccessCount")).isFalse();
    assertThat(NezhaMetrics.isSuccessPercentage("CpuUsageRate(%)")).isFalse();
    assertThat(NezhaMetrics.errorRatio(100)).isZero();
    assertThat(NezhaMetrics.errorRatio(101)).isZero();
    assertThat(NezhaMetrics.errorRatio(0)).isEqualTo(1.0);
  }

  private static final String FRONT_HEADER = "Time,TimeStamp,ServiceName,SuccessRate(%),LatencyP50(s)\n";
}
