package io.causeway.statequeries.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

  @Test
  void everyDashboardParsesAndNamesOnlyProvisionedDataSources() throws Exception {
    assertThat(GrafanaDashboards.dashboardFiles()).isNotEmpty();
    for (Path file : GrafanaDashboards.dashboardFiles()) {
      JsonNode dashboard = GrafanaDashboards.read(file);

      assertThat(dashboard.path("uid").asText()).as("uid of %s", file).isNotBlank();
      assertThat(GrafanaDashboards.referencedUids(dashboard)).as("data sources of %s", file)
          .isNotEmpty()
          .isSubsetOf(GrafanaDashboards.provisionedDataSourceUids());
      assertThat(GrafanaDashboards.queries(dashboard)).as("queries of %s", file)
          .allSatisfy(q -> assertThat(q.path("datasource").path("uid").asText()).isNotBlank());
    }
  }

  @Test
  void theOverviewHasTheServiceGraphOpenIncidentsAndAnomalyTimelinePanels() throws Exception {
    JsonNode overview = GrafanaDashboards.read(GrafanaDashboards.ROOT.resolve("dashboards").resolve("causeway-overview.json"));

    assertThat(overview.path("panels")).extracting(p -> p.path("type").asText() + " " + p.path("title").asText())
        .contains("nodegraph Service graph", "table Open incidents", "timeseries Anomaly timeline: $service");
  }
}
