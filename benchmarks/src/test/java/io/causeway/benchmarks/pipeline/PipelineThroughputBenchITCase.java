package io.causeway.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench end to end, tiny: so that CI keeps it working, not to measure anything. */
class PipelineThroughputBenchITCase {

  @Test
  void runsAllThreeJobsAndEndsWithOneLineOfJsonWithPositiveFigures() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PipelineThroughputBench()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int exit = cli.execute("--services", "22", "--events", "20000", "--warmup-events", "5000");

    String[] lines = out.toString().strip().split("\n");
    assertThat(exit).as("out:%n%s%nerr:%n%s", out, err).isZero();
    assertThat(out.toString()).contains("Kafka read + Avro decode of all inputs, before", "pipeline (input records consumed by all jobs)",
        "pipeline / ceiling", "CPU per measured event by job");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("benchmark").asText()).isEqualTo("pipeline");
    assertThat(json.get("services").asInt()).isEqualTo(22);
    long events = json.get("events").asLong();
    assertThat(events).isGreaterThanOrEqualTo(25_000)
        .isEqualTo(json.get("spans").asLong() + json.get("metrics").asLong() + json.get("logs").asLong() + json.get("changes").asLong());
    assertThat(json.get("metrics").asLong()).isPositive();
    assertThat(json.get("logs").asLong()).isPositive();
    assertThat(json.get("changes").asLong()).as("each shop flips a flag during warm-up").isPositive();
    assertThat(json.get("measuredEvents").asLong()).isPositive().isLessThanOrEqualTo(events);
    assertThat(json.get("pipelineRecordsPerSecond").asDouble()).isPositive();
    assertThat(json.get("ceilingRecordsPerSecond").asDouble())
        .isEqualTo(Math.max(json.get("ceilingBeforeRecordsPerSecond").asDouble(), json.get("ceilingAfterRecordsPerSecond").asDouble()));
    assertThat(json.get("ratio").asDouble()).isPositive();
    JsonNode cpu = json.get("cpuMicrosPerEventByJob");
    for (String job : new String[] {"topology", "detection", "correlation"}) {
      assertThat(cpu.path(job).asDouble()).as("CPU of the %s job's tasks", job).isPositive();
    }
  }
}
