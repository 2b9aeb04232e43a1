package io.causeway.statequeries.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The dashboards and provisioning files in {@code deploy/grafana}, read as Grafana would. */
public final class GrafanaDashboards {

  public static final Path ROOT = Path.of("..", "deploy", "grafana");
  public static final String STATE_QUERIES_UID = "causeway-state-queries";
  private static final Pattern UID = Pattern.compile("^\\s+uid:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

  private GrafanaDashboards() {}

  public static List<Path> dashboardFiles() throws Exception {
    try (Stream<Path> files = Files.list(ROOT.resolve("dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  public static JsonNode read(Path dashboard) throws Exception {
    return new ObjectMapper().readTree(dashboard.toFile());
  }

  /** The uids the datasource provisioning files define. */
  public static Set<String> provisionedDataSourceUids() throws Exception {
    Set<String> uids = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("provisioning").resolve("datasources"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Matcher matcher = UID.matcher(Files.readString(file));
        while (matcher.find()) {
          uids.add(matcher.group(1));
        }
      }
    }
    return uids;
  }

  /** Every query of a dashboard: panel targets and templating queries, with their data source uid. */
  public static List<JsonNode> queries(JsonNode dashboard) {
    List<JsonNode> queries = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(queries::add));
    dashboard.path("templating").path("list").forEach(variable -> {
      if (variable.path("query").isObject()) {
        queries.add(variable.path("query"));
      }
    });
    return queries;
  }

  /** Every data source uid a dashboard names, on panels, targets and variables. */
  public static Set<String> referencedUids(JsonNode dashboard) {
    Set<String> uids = new TreeSet<>();
    dashboard.findValues("datasource").forEach(ds -> {
      if (ds.has("uid")) {
        uids.add(ds.get("uid").asText());
      }
    });
    return uids;
  }
}
