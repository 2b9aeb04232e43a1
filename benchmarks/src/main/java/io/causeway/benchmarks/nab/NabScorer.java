package io.causeway.benchmarks.nab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one detector's anomaly scores on a NAB corpus under one profile, as NAB v1.1 does: one
 * threshold optimised over the whole corpus, the raw score per file at that threshold, and the
 * corpus score normalised to {@code 100 × (raw − null) / (perfect − null)}, where the null detector
 * detects nothing and the perfect one detects every window at its first row.
 */
public final class NabScorer {

  private final NabCorpus corpus;

  public NabScorer(NabCorpus corpus) {
    this.corpus = corpus;
  }

  /** The score of one file at a given threshold. */
  public record FileScore(String file, ThresholdScore score) {}

  /** A detector's result under one profile. */
  public record Result(
      NabProfile profile, double threshold, double raw, double nullScore, double perfect, double normalised, List<FileScore> files) {

    public int tp() {
      return files.stream().mapToInt(f -> f.score().tp()).sum();
    }

    public int fp() {
      return files.stream().mapToInt(f -> f.score().fp()).sum();
    }
  }

  /** Scores with NAB's optimised threshold for this corpus. */
  public Result score(Map<String, double[]> anomalyScoresByFile, NabProfile profile) {
    Map<String, NabSweep> sweeps = sweeps(anomalyScoresByFile, profile);
    ThresholdScore best = NabSweep.concat(List.copyOf(sweeps.values())).best();
    return scoreSweeps(sweeps, profile, best.threshold());
  }

  /** Scores at a given threshold (for instance a published one, to compare with NAB's own results). */
  public Result scoreAt(Map<String, double[]> anomalyScoresByFile, NabProfile profile, double threshold) {
    return scoreSweeps(sweeps(anomalyScoresByFile, profile), profile, threshold);
  }

  private Result scoreSweeps(Map<String, NabSweep> sweeps, NabProfile profile, double threshold) {
    List<FileScore> files = new ArrayList<>();
    double raw = 0;
    double nullScore = 0;
    for (Map.Entry<String, NabSweep> entry : sweeps.entrySet()) {
      ThresholdScore score = entry.getValue().at(threshold);
      files.add(new FileScore(entry.getKey(), score));
      raw += score.score();
      nullScore += entry.getValue().nullScore();
    }
    double perfect = corpus.windowCount() * profile.tpWeight();
    double normalised = 100 * (raw - nullScore) / (perfect - nullScore);
    return new Result(profile, threshold, raw, nullScore, perfect, normalised, files);
  }

  private Map<String, NabSweep> sweeps(Map<String, double[]> anomalyScoresByFile, NabProfile profile) {
    Map<String, NabSweep> sweeps = new LinkedHashMap<>();
    for (NabFile file : corpus.files()) {
      double[] scores = anomalyScoresByFile.get(file.name());
      if (scores == null) {
        throw new IllegalArgumentException("no anomaly scores for " + file.name());
      }
      sweeps.put(file.name(), NabSweep.of(file, scores, profile));
    }
    return sweeps;
  }
}
