package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;

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
}
