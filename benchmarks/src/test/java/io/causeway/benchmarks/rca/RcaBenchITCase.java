package io.causeway.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.ingest.datasets.Datasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench rca} on the start of the public TrainTicket day, through the real jobs: the first
 * three faults (all on ts-contacts-service), all signals.
 */
class RcaBenchITCase {

  @Test
  void replaysTheFirstFaultsThroughTheJobsAndEndsWithTheFiguresAsJson() throws Exception {
    var nezha = Datasets.dataset("nezha");
    assumeTrue(nezha.isPresent(), Datasets.whereToGet("nezha"));
    // one day: the bench runs every day folder it is given, and the dataset holds more than one
    Path trainTicket = nezha.get().resolve("trainticket-2023-01-29");
    assertThat(trainTicket).as("the Nezha dataset's TrainTicket day").isDirectory();
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new RcaBench());
    command.setOut(new PrintWriter(text));

    int exit = command.execute("--data", trainTicket.toString(), "--signals", "LOGS", "--faults", "3");

    assertThat(exit).as(text.toString()).isZero();
    List<String> lines = text.toString().lines().toList();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(json.get("faults").asInt()).isEqualTo(3);
    for (String figure : List.of("AC@1", "AC@3", "AC@5", "Avg@5")) {
      assertThat(json.get(figure).asDouble()).as(figure).isBetween(0.0, 1.0);
    }
    assertThat(json.get("AC@1").asDouble()).isLessThanOrEqualTo(json.get("AC@5").asDouble());
    assertThat(json.get("missed").asInt()).as("the jobs find at least one of the faults themselves: %s", text).isLessThan(3);
    assertThat(json.has("falseIncidents")).isTrue();
    assertThat(json.has("medianSecondsToFirstHypothesis")).isTrue();
    assertThat(json.path("bySignal").path("logs").get("faults").asInt()).isEqualTo(3);
    assertThat(json.path("bySignal").get("metrics").isNull()).as("not asked for").isTrue();
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("ts-contacts-service").contains("return"));
  }
}
