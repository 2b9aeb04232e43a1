package io.causeway.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench end to end, tiny, on real cluster processes: so that CI keeps it working, not to measure anything. */
class ScaleOutBenchITCase {

  private static final Path JOB_JAR = Path.of("..", "correlation-jobs", "target", "causeway-jobs-0.1.0-SNAPSHOT.jar");

  @Test
  void runsTheTopologyJobOnOneAndOnTwoTaskManagersAndLeavesNoProcessBehind() throws Exception {
    assertThat(JOB_JAR).as("the shaded job jar; build it with mvn -pl correlation-jobs -am package").exists();
    Set<Long> before = clusterProcesses();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScaleOutBench()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int exit = cli.execute("--services", "11", "--spans", "40000", "--warmup-spans", "10000", "--job-jar", JOB_JAR.toString());

    String[] lines = out.toString().strip().split("\n");
    assertThat(exit).as("out:%n%s%nerr:%n%s", out, err).isZero();
    assertThat(out.toString()).contains("TaskManagers", "throughput, 2 TaskManagers / 1", "throughput per TaskManager core, 2 / 1");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("benchmark").asText()).isEqualTo("scale-out");
    assertThat(json.get("spans").asLong()).isGreaterThanOrEqualTo(50_000);
    for (String tm : new String[] {"tm1", "tm2"}) {
      assertThat(json.get(tm + "SpansPerSecond").asDouble()).as(tm).isPositive();
      assertThat(json.get(tm + "TaskManagerCores").asDouble()).as(tm).isPositive();
      assertThat(json.get(tm + "MeasuredSpans").asLong()).as(tm).isPositive().isLessThanOrEqualTo(json.get("spans").asLong());
    }
    assertThat(json.get("ratio").asDouble())
        .isCloseTo(json.get("tm2SpansPerSecond").asDouble() / json.get("tm1SpansPerSecond").asDouble(), org.assertj.core.api.Assertions.within(0.01));
    assertThat(json.get("perCoreRatio").asDouble()).isPositive();
    assertThat(clusterProcesses()).as("the clusters' JobManagers and TaskManagers are gone").isEqualTo(before);
  }

  private static Set<Long> clusterProcesses() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("-Dcauseway.cluster.process="))
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }
}
