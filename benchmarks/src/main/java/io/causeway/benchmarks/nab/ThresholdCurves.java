package io.causeway.benchmarks.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One detector's raw NAB score at every threshold, file by file, so that the best threshold over
 * any subset of the files is found without sweeping them again: the score of a set of files at a
 * threshold is the sum of each file's score there, as in NAB's sweep of the concatenated files.
 */
final class ThresholdCurves {

  /** The best threshold over some files, its raw score, and what normalises it. */
  record Choice(double threshold, double raw, double nullScore, double perfect) {

    /** NAB's normalised score, {@code 100 × (raw − null) / (perfect − null)}; NaN without windows. */
    double normalised() {
      return perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
    }
  }

  private final List<NabFile> files;
  private final double tpWeight;
  private final double[] nullScores;
  /** Each step of a file's curve: where the threshold reaches a new anomaly score, from the top. */
  private final double[] stepThreshold;
  private final int[] stepFile;
  private final double[] stepDelta;

  private ThresholdCurves(List<NabFile> files, double tpWeight, double[] nullScores, List<Step> steps) {
    this.files = files;
    this.tpWeight = tpWeight;
    this.nullScores = nullScores;
    this.stepThreshold = steps.stream().mapToDouble(Step::threshold).toArray();
    this.stepFile = steps.stream().mapToInt(Step::file).toArray();
    this.stepDelta = steps.stream().mapToDouble(Step::delta).toArray();
  }

  private record Step(double threshold, int file, double delta) {}

  static ThresholdCurves of(List<NabFile> files, Map<String, double[]> anomalyScoresByFile, NabProfile profile) {
    double[] nullScores = new double[files.size()];
    List<Step> steps = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      NabFile file = files.get(f);
      double[] scores = anomalyScoresByFile.get(file.name());
      if (scores == null) {
        throw new IllegalArgumentException("no anomaly scores for " + file.name());
      }
      List<ThresholdScore> curve = NabSweep.of(file, scores, profile).scoresByThreshold();
      nullScores[f] = curve.get(0).score();
      for (int k = 1; k < curve.size(); k++) {
        steps.add(new Step(curve.get(k).threshold(), f, curve.get(k).score() - curve.get(k - 1).score()));
      }
    }
    steps.sort(Comparator.comparingDouble(Step::threshold).reversed());
    return new ThresholdCurves(List.copyOf(files), profile.tpWeight(), nullScores, steps);
  }

  /** The summed raw score at a threshold over the files {@code chosen} accepts, with what normalises it. */
  Choice at(double threshold, Predicate<String> chosen) {
    boolean[] in = new boolean[files.size()];
    double raw = 0;
    int windows = 0;
    for (int f = 0; f < files.size(); f++) {
      in[f] = chosen.test(files.get(f).name());
      if (in[f]) {
        raw += nullScores[f];
        windows += files.get(f).windows().size();
      }
    }
    double nullScore = raw;
    for (int i = 0; i < stepThreshold.length && stepThreshold[i] >= threshold; i++) {
      if (in[stepFile[i]]) {
        raw += stepDelta[i];
      }
    }
    return new Choice(threshold, raw, nullScore, windows * tpWeight);
  }

  /**
   * The threshold with the best summed raw score over the files {@code chosen} accepts (of equal
   * scores the highest threshold, as NAB's optimiser); the other files are not read.
   */
  Choice best(Predicate<String> chosen) {
    boolean[] in = new boolean[files.size()];
    double raw = 0;
    int windows = 0;
    for (int f = 0; f < files.size(); f++) {
      in[f] = chosen.test(files.get(f).name());
      if (in[f]) {
        raw += nullScores[f];
        windows += files.get(f).windows().size();
      }
    }
    double nullScore = raw;
    double bestRaw = raw;
    double bestThreshold = 1.1;
    int i = 0;
    while (i < stepThreshold.length) {
      double threshold = stepThreshold[i];
      boolean touched = false;
      for (; i < stepThreshold.length && stepThreshold[i] == threshold; i++) {
        if (in[stepFile[i]]) {
          raw += stepDelta[i];
          touched = true;
        }
      }
      if (touched && raw > bestRaw) {
        bestRaw = raw;
        bestThreshold = threshold;
      }
    }
    return new Choice(bestThreshold, bestRaw, nullScore, windows * tpWeight);
  }
}
