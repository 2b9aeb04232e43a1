package io.causeway.benchmarks.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.core.logs.MinerSettings;
import io.causeway.ingest.datasets.Datasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoghubBenchTest {

  private static Path data;

  @BeforeAll
  static void findData() {
    Optional<Path> dir = Datasets.dataset(LoghubBench.DATASET);
    assumeTrue(dir.isPresent(), Datasets.whereToGet(LoghubBench.DATASET));
    data = dir.get();
  }

  @Test
  void oneGenericConfigurationReachesTheIssueTargetsOnLoghub2k() {
    LoghubBench.Report report = LoghubBench.run(data, MinerSettings.DEFAULT);

    assertThat(report.systems()).extracting(LoghubBench.SystemResult::system)
        .contains("HDFS", "Hadoop", "Spark", "BGL", "HealthApp", "OpenStack", "Mac");
    assertThat(report.meanGA()).isGreaterThanOrEqualTo(0.90);
    assertThat(report.meanPA()).isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void commandPrintsATableAndEndsWithOneLineOfJson() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new LoghubBench()).setOut(new PrintWriter(out));

    int exit = cli.execute("--data", data.toString(), "--folds", "none");

    String[] lines = out.toString().strip().split("\n");
    assertThat(exit).isZero();
    assertThat(lines[0]).contains("system", "GA", "PA", "FGA", "FTA");
    assertThat(out.toString()).contains("mean");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("meanGA").asDouble()).isGreaterThanOrEqualTo(0.90);
    assertThat(json.has("meanPA") && json.has("meanFGA") && json.has("meanFTA")).isTrue();
    assertThat(json.get("systems").get("HDFS").get("GA").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void byDefaultEachSystemIsScoredWithConstantsChosenOnTheOthersBesideTheInSampleFigures() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new LoghubBench()).setOut(new PrintWriter(out));

    int exit = cli.execute("--data", data.toString());

    String[] lines = out.toString().strip().split("\n");
    assertThat(exit).isZero();
    assertThat(lines[0]).startsWith("leave-one-system-out");
    assertThat(out.toString()).contains("mean", "worst", "in GA");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("folds").asText()).isEqualTo("system");
    assertThat(json.get("systems").size()).isEqualTo(json.get("inSample").get("systems").size());
    assertThat(json.get("worstGA").asDouble()).isLessThanOrEqualTo(json.get("meanGA").asDouble());
    assertThat(json.get("meanGA").asDouble()).isGreaterThanOrEqualTo(0.90);
    assertThat(json.get("meanPA").asDouble()).isGreaterThanOrEqualTo(0.80);
    assertThat(json.get("worstGA").asDouble()).isGreaterThanOrEqualTo(0.80);
    assertThat(json.get("systems").get("HDFS").get("chosen").has("similarity")).isTrue();
    assertThat(json.get("inSample").get("chosenOnAllIsDefault").asBoolean())
        .as("the defaults are what the grid chooses on all systems: %s", json.get("inSample").get("chosenOnAll"))
        .isTrue();
  }

  @Test
  void aFolderWithoutLoghubFilesIsAnErrorNotAnEmptyReport(@org.junit.jupiter.api.io.TempDir Path empty) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LoghubBench()).setErr(new PrintWriter(err));

    assertThat(cli.execute("--data", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no *_2k.log_structured_corrected.csv files");
  }
}
