package io.causeway.benchmarks.statequeries;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bench end to end, small: embedded broker, the data set, state-queries on loopback and the
 * load driver in a child JVM. Every endpoint is answered without an error and its figures add up.
 */
class StateQueriesBenchITCase {

  @Test
  void loadsEveryEndpointFromASecondJvmAndEndsWithOneLineOfJsonFiguresWithoutErrors() throws Exception {
    Set<Long> before = childJvms();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new StateQueriesBench()).setOut(new PrintWriter(out));

    int exit = cli.execute("--concurrency", "2", "--requests", "30", "--seconds", "20", "--warmup", "3", "--services", "30");

    String[] lines = out.toString().strip().split("\n");
    assertThat(exit).as(out.toString()).isZero();
    assertThat(lines[1]).contains("endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("benchmark").asText()).isEqualTo("state-queries");
    assertThat(json.get("dataSet").get("edges").asInt()).isGreaterThan(20);
    assertThat(json.get("dataSet").get("incidentVersions").asInt()).isGreaterThan(json.get("dataSet").get("incidents").asInt());

    JsonNode baseline = json.get("baseline");
    assertThat(baseline.get("endpoint").asText()).isEqualTo("/health/live");
    assertThat(baseline.get("requests").asLong()).isEqualTo(30);
    assertThat(baseline.get("errors").asLong()).isZero();

    JsonNode endpoints = json.get("endpoints");
    List<String> names = new ArrayList<>();
    endpoints.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("/api/graph", "/api/graph?at=", "/api/graph/diff", "/api/services/{name}",
        "/api/incidents", "/api/incidents/{id}", "/metrics");
    endpoints.fields().forEachRemaining(e -> {
      JsonNode f = e.getValue();
      assertThat(f.get("errors").asLong()).as("errors on %s: %s", e.getKey(), f.path("firstError").asText()).isZero();
      assertThat(f.get("requests").asLong()).as("requests on %s", e.getKey()).isEqualTo(30);
      assertThat(f.get("requestsPerSecond").asDouble()).as("throughput of %s", e.getKey()).isPositive();
      assertThat(f.get("p50Ms").asDouble()).as("p50 of %s", e.getKey()).isPositive().isLessThanOrEqualTo(f.get("p99Ms").asDouble());
      assertThat(f.get("p99Ms").asDouble()).as("p99 of %s", e.getKey()).isLessThanOrEqualTo(f.get("maxMs").asDouble());
      assertThat(f.get("meanBytes").asLong()).as("answer size of %s", e.getKey()).isGreaterThan(10);
      assertThat(f.get("p50VsBaseline").asDouble()).as("p50 ratio of %s", e.getKey()).isPositive();
    });
    assertThat(endpoints.get("/api/graph").get("meanBytes").asLong())
        .as("the whole graph is a bigger answer than one incident list page").isGreaterThan(1000);
    assertThat(childJvms()).as("the load driver JVM is gone").isEqualTo(before);
  }

  private static Set<Long> childJvms() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains(LoadDriver.class.getName()))
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }
}
