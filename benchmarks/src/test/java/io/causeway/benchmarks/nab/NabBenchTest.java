package io.causeway.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.ingest.datasets.Datasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
