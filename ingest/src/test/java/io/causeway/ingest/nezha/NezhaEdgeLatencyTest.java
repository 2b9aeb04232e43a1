package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.avro.MetricPoint;
import io.causeway.schemas.EdgeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NezhaEdgeLatencyTest {

  private final NezhaEdgeLatency tables = new NezhaEdgeLatency();

  @Test
  void eachCellIsTheCalleesEdgeLatencyAsItsCallerSawItInMilliseconds(@TempDir Path metric) throws IOException {
    Files.writeString(metric.resolve("source_50.csv"),
        "time,timestamp,checkoutservice_emailservice,frontend_checkoutservice\n"
            + "2022-08-22 05:43:20.0 +0000 UTC m=+60.4,1661147000,0.003,0.175\n"
            + "2022-08-22 05:44:20.0 +0000 UTC m=+120.4,1661147060,0.75,\n");

    assertThat(tables.readFolder(metric))
        .extracting(MetricPoint::getService, p -> p.getLabels().get(EdgeMetrics.CALLER), MetricPoint::getName, MetricPoint::getTimestamp, MetricPoint::getValue)
        .containsExactlyInAnyOrder(
            tuple("emailservice", "checkoutservice", EdgeMetrics.LATENCY_P50, Instant.parse("2022-08-22T05:43:20Z"), 3.0),
            tuple("checkoutservice", "frontend", EdgeMetrics.LATENCY_P50, Instant.parse("2022-08-22T05:43:20Z"), 175.0),
            tuple("emailservice", "checkoutservice", EdgeMetrics.LATENCY_P50, Instant.parse("2022-08-22T05:44:20Z"), 750.0));
  }

  @Test
  void theDependencyTableSaysWhereAServiceNameWithUnderscoresSplits(@TempDir Path metric) throws IOException {
    Files.writeString(metric.resolve("dependency.csv"), "Source,Target,Weight\nweb_gateway,order_service,1\n");
    Files.writeString(metric.resolve("source_50.csv"), "time,timestamp,web_gateway_order_service\n2022-08-22 05:43:20 +0000 UTC,1661147000,0.01\n");

    assertThat(tables.readFolder(metric)).singleElement().satisfies(p -> {
      assertThat(p.getService()).isEqualTo("order_service");
      assertThat(p.getLabels()).containsEntry(EdgeMetrics.CALLER, "web_gateway");
    });
  }

  @Test
  void aColumnThatNamesNoEdgeIsRefusedByName(@TempDir Path metric) throws IOException {
    Files.writeString(metric.resolve("source_50.csv"), "time,timestamp,web_gateway_order_service\n2022-08-22 05:43:20 +0000 UTC,1661147000,0.01\n");

    assertThatThrownBy(() -> tables.readFolder(metric)).isInstanceOf(IOException.class).hasMessageContaining("web_gateway_order_service");
  }

  @Test
  void aFolderWithoutTheTableGivesNoPoints(@TempDir Path metric) throws IOException {
    assertThat(tables.readFolder(metric)).isEmpty();
  }
}
