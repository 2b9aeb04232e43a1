package io.causeway.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.ingest.datasets.Datasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NabBenchTest {

  private static Path nab;

  @BeforeAll
  static void findData() {
    var dataset = Datasets.dataset("nab");
    assumeTrue(dataset.isPresent(), Datasets.whereToGet("nab"));
    nab = dataset.get();
  }

  @Test
  void printsATableAndEndsWithOneLineOfJsonWithTheThreeProfilesAndTheHtmBaseline() throws Exception {
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new NabBench());
    command.setOut(new PrintWriter(text));

    int exit = command.execute("--data", nab.toString());

    assertThat(exit).isZero();
    List<String> lines = text.toString().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("realKnownCause/nyc_taxi.csv"));
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    for (String profile : NabBench.PROFILES) {
      assertThat(json.get(profile).asDouble()).as(profile).isBetween(0.0, 100.0);
      assertThat(json.path("htm").get(profile).asDouble()).as("htm " + profile).isBetween(0.0, 100.0);
    }
    assertThat(json.get("state_bytes_per_series").asInt()).isLessThanOrEqualTo(2048);
  }

  /** Three small categories of the real corpus (six files) keep the leave-one-out run short. */
  @Test
  void withFoldsItScoresEachCategoryLeftOutAndTheJsonLeadsWithTheLeaveOneOutFigures(@TempDir Path small) throws Exception {
    copyNab(small, List.of(
        "artificialNoAnomaly/art_daily_no_noise.csv", "artificialNoAnomaly/art_flatline.csv",
        "realAdExchange/exchange-2_cpm_results.csv", "realAdExchange/exchange-3_cpc_results.csv",
        "realTraffic/occupancy_t4013.csv", "realTraffic/speed_7578.csv"));
    StringWriter text = new StringWriter();
    CommandLine command = new CommandLine(new NabBench());
    command.setOut(new PrintWriter(text));

    int exit = command.execute("--data", small.toString(), "--folds", "category");

    assertThat(exit).isZero();
    List<String> lines = text.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("NAB v1.1, leave-one-category-out over 6 files");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("realTraffic ").contains("|"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("in-sample: default constants"));
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(json.fieldNames().next()).isEqualTo("benchmark");
    assertThat(json.get("folds").asText()).isEqualTo("category");
    assertThat(json.path("per_fold")).hasSize(3);
    assertThat(json.path("per_fold").get(0).has("standard_raw")).as("a fold without windows has a raw score").isTrue();
    for (String profile : NabBench.PROFILES) {
      JsonNode loo = json.path("leave_one_out").path(profile);
      assertThat(loo.get("mean").asDouble()).as(profile).isBetween(-100.0, 100.0);
      assertThat(loo.get("worst").asDouble()).isLessThanOrEqualTo(loo.get("mean").asDouble());
      assertThat(loo.path("htm").has("pooled")).isTrue();
      assertThat(json.path("in_sample").get(profile).asDouble()).isBetween(-100.0, 100.0);
    }
  }

  @Test
  void theDetectorScoresAtLeastSeventyAndAtLeastHtmOnTheStandardProfile() throws Exception {
    NabCorpus corpus = NabCorpus.load(nab);
    NabScorer scorer = new NabScorer(corpus);
    Map<String, double[]> htm = new LinkedHashMap<>();
    for (NabFile file : corpus.files()) {
      htm.put(file.name(), NabCorpus.readResultScores(nab.resolve("reference-results").resolve(NabBench.BASELINE), NabBench.BASELINE, file));
    }
    NabProfile standard = corpus.profile(NabProfile.STANDARD);

    double ours = scorer.score(NabBench.runDetector(corpus.files()), standard).normalised();
    double theirs = scorer.score(htm, standard).normalised();

    assertThat(ours).isGreaterThanOrEqualTo(70).isGreaterThanOrEqualTo(theirs);
  }

  /** A NAB folder holding these files of the shared corpus, with its labels, profiles and HTM's results. */
  private static void copyNab(Path target, List<String> files) throws Exception {
    for (String dir : List.of("labels", "config")) {
      Files.createDirectories(target.resolve(dir));
      try (var listing = Files.list(nab.resolve(dir))) {
        for (Path file : listing.toList()) {
          Files.copy(file, target.resolve(dir).resolve(file.getFileName()));
        }
      }
    }
    for (String file : files) {
      Path data = target.resolve("data").resolve(file);
      Files.createDirectories(data.getParent());
      Files.copy(nab.resolve("data").resolve(file), data);
      String htmName = file.replace("/", "/" + NabBench.BASELINE + "_");
      Path htm = target.resolve("reference-results").resolve(NabBench.BASELINE).resolve(htmName);
      Files.createDirectories(htm.getParent());
      Files.copy(nab.resolve("reference-results").resolve(NabBench.BASELINE).resolve(htmName), htm);
    }
  }

  @Test
  void theDetectorScoresEachRowWithoutLookingAhead() throws Exception {
    NabCorpus corpus = NabCorpus.load(nab);
    NabFile whole = corpus.files().stream().filter(f -> f.name().endsWith("nyc_taxi.csv")).findFirst().orElseThrow();
    int half = whole.length() / 2;
    NabFile prefix = new NabFile(whole.name(), Arrays.copyOf(whole.timestamps(), half), Arrays.copyOf(whole.values(), half), List.of());

    Map<String, double[]> wholeScores = NabBench.runDetector(List.of(whole));
    Map<String, double[]> prefixScores = NabBench.runDetector(List.of(prefix));

    assertThat(prefixScores.get(whole.name())).containsExactly(Arrays.copyOf(wholeScores.get(whole.name()), half));
  }
}
