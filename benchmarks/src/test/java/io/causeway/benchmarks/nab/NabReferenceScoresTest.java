package io.causeway.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.ingest.datasets.Datasets;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scorer is NAB's: scoring the published detectors' anomaly scores gives NAB's own per-file
 * scores ({@code <detector>_standard_scores.csv}) and per-row rewards ({@code S(t)_<profile>}).
 */
class NabReferenceScoresTest {

  /** NAB's CSVs print 12 significant digits. */
  private static final double TOLERANCE = 1e-9;

  private static NabCorpus corpus;

  @BeforeAll
  static void loadCorpus() throws IOException {
    var nab = Datasets.dataset("nab");
    assumeTrue(nab.isPresent(), Datasets.whereToGet("nab"));
    corpus = NabCorpus.load(nab.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {"numenta", "windowedGaussian"})
  void reproducesNabsPerFileStandardScoresAndTheirTotal(String detector) throws IOException {
    Path results = corpus.root().resolve("reference-results").resolve(detector);
    Map<String, CSVRecord> published = new HashMap<>();
    for (CSVRecord row : readCsv(results.resolve(detector + "_standard_scores.csv"))) {
      published.put(row.get("File"), row);
    }
    double threshold = publishedThreshold(detector, NabProfile.STANDARD);

    NabScorer.Result result =
        new NabScorer(corpus).scoreAt(anomalyScores(results, detector), corpus.profile(NabProfile.STANDARD), threshold);

    assertThat(result.files()).hasSize(published.size());
    double publishedTotal = 0;
    for (NabScorer.FileScore file : result.files()) {
      CSVRecord expected = published.get(file.file());
      assertThat(expected).as(file.file()).isNotNull();
      assertThat(file.score().score()).as(file.file()).isCloseTo(Double.parseDouble(expected.get("Score")), within(TOLERANCE));
      assertThat(List.of(file.score().tp(), file.score().tn(), file.score().fp(), file.score().fn())).as(file.file())
          .containsExactly(intOf(expected, "TP"), intOf(expected, "TN"), intOf(expected, "FP"), intOf(expected, "FN"));
      publishedTotal += Double.parseDouble(expected.get("Score"));
    }
    assertThat(result.raw()).isCloseTo(publishedTotal, within(1e-7));
  }

  /**
   * The results files carry NAB's per-row score contributions for every profile ({@code
   * S(t)_<profile>}: each window's reward or cost on its first row, each false positive's cost on
   * its row), at each profile's own published threshold; per file they add up to our score.
   */
  @ParameterizedTest
  @ValueSource(strings = {"numenta", "windowedGaussian"})
  void reproducesNabsPerFileScoresForEveryProfileFromThePerRowContributions(String detector) throws IOException {
    Path results = corpus.root().resolve("reference-results").resolve(detector);
    Map<String, double[]> scores = anomalyScores(results, detector);
    for (NabProfile profile : corpus.profiles()) {
      NabScorer.Result result = new NabScorer(corpus).scoreAt(scores, profile, publishedThreshold(detector, profile.name()));
      for (NabScorer.FileScore file : result.files()) {
        double published = readCsv(resultFile(results, detector, fileNamed(file.file()))).stream()
            .mapToDouble(row -> Double.parseDouble(row.get("S(t)_" + profile.name())))
            .sum();
        assertThat(file.score().score()).as("%s %s", file.file(), profile.name()).isCloseTo(published, within(1e-8));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"numenta", "windowedGaussian"})
  void theOptimisedThresholdScoresAtLeastAsWellAsThePublishedOne(String detector) throws IOException {
    Path results = corpus.root().resolve("reference-results").resolve(detector);
    NabScorer scorer = new NabScorer(corpus);
    Map<String, double[]> scores = anomalyScores(results, detector);
    NabProfile standard = corpus.profile(NabProfile.STANDARD);

    NabScorer.Result optimised = scorer.score(scores, standard);
    NabScorer.Result published = scorer.scoreAt(scores, standard, publishedThreshold(detector, NabProfile.STANDARD));

    assertThat(optimised.raw()).isGreaterThanOrEqualTo(published.raw());
    assertThat(optimised.nullScore()).isEqualTo(-corpus.windowCount());
    assertThat(optimised.perfect()).isEqualTo(corpus.windowCount());
  }

  private static Map<String, double[]> anomalyScores(Path results, String detector) throws IOException {
    Map<String, double[]> scores = new HashMap<>();
    for (NabFile file : corpus.files()) {
      scores.put(file.name(), NabCorpus.readResultScores(results, detector, file));
    }
    return scores;
  }

  private static double publishedThreshold(String detector, String profile) throws IOException {
    return new ObjectMapper().readTree(corpus.root().resolve("config/thresholds.json").toFile())
        .path(detector).path(profile).path("threshold").asDouble();
  }

  private static Path resultFile(Path results, String detector, NabFile file) {
    int slash = file.name().lastIndexOf('/');
    return results.resolve(file.name().substring(0, slash + 1) + detector + "_" + file.name().substring(slash + 1));
  }

  private static NabFile fileNamed(String name) {
    return corpus.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static int intOf(CSVRecord row, String column) {
    return Integer.parseInt(row.get(column));
  }

  private static List<CSVRecord> readCsv(Path csv) throws IOException {
    try (Reader reader = Files.newBufferedReader(csv)) {
      // The constructor, not format.parse(..): commons-csv 1.14's parse needs a newer commons-io than
      // the one Flink brings onto the launcher's classpath (NoSuchMethodError getReader()).
      return new CSVParser(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()).getRecords();
    }
  }
}
