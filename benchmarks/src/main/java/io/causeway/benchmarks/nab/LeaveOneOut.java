package io.causeway.benchmarks.nab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * NAB leave-one-out: for each fold in turn, a detector's constants and threshold are chosen on
 * every other fold ({@link ConstantSearch}), then the fold left out is scored at that threshold
 * with NAB's scorer. The fold's own data never takes part in the choice.
 */
final class LeaveOneOut {

  /** One fold under one profile: what was chosen without it, and how it then scored. */
  record FoldScore<S>(NabFolds.Fold fold, NabProfile profile, S constants, double threshold, NabScorer.Result heldOut) {

    /** The fold's normalised score; NaN for a fold without windows (its perfect score is its null score). */
    double normalised() {
      return heldOut.perfect() == heldOut.nullScore() ? Double.NaN : heldOut.normalised();
    }
  }

  /** The folds of one profile, and what they add up to. */
  record Summary<S>(NabProfile profile, List<FoldScore<S>> folds) {

    /** Mean normalised score over the folds that have windows (a fold without any has none). */
    double mean() {
      return folds.stream().mapToDouble(FoldScore::normalised).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    FoldScore<S> worst() {
      FoldScore<S> worst = null;
      for (FoldScore<S> fold : folds) {
        if (Double.isFinite(fold.normalised()) && (worst == null || fold.normalised() < worst.normalised())) {
          worst = fold;
        }
      }
      return worst;
    }

    /**
     * Every fold's held-out raw score summed and normalised over the whole corpus, as NAB scores
     * a corpus: folds without windows count here with their false positives.
     */
    double pooled() {
      double raw = 0;
      double nullScore = 0;
      double perfect = 0;
      for (FoldScore<S> fold : folds) {
        raw += fold.heldOut().raw();
        nullScore += fold.heldOut().nullScore();
        perfect += fold.heldOut().perfect();
      }
      return 100 * (raw - nullScore) / (perfect - nullScore);
    }
  }

  private LeaveOneOut() {}

  /**
   * Runs the protocol for every profile: {@code detector} gives a detector's anomaly scores of
   * every file of the corpus for a set of constants; the search starts at {@code start} and moves
   * along {@code axes}.
   */
  static <S> List<Summary<S>> run(
      NabCorpus corpus,
      List<NabFolds.Fold> folds,
      List<NabProfile> profiles,
      Function<S, Map<String, double[]>> detector,
      S start,
      List<ConstantSearch.Axis<S>> axes) {
    List<Set<String>> trainingSets = new ArrayList<>();
    for (NabFolds.Fold fold : folds) {
      trainingSets.add(trainingSet(corpus, fold));
    }
    ConstantSearch<S> search = new ConstantSearch<>(corpus.files(), detector, start, axes, profiles, trainingSets);
    List<Summary<S>> summaries = new ArrayList<>();
    for (NabProfile profile : profiles) {
      List<FoldScore<S>> scores = new ArrayList<>();
      for (int f = 0; f < folds.size(); f++) {
        ConstantSearch.Chosen<S> chosen = search.choose(f, profile);
        NabFolds.Fold fold = folds.get(f);
        double threshold = chosen.choice().threshold();
        NabScorer.Result heldOut = new NabScorer(corpus.subset(fold.files()))
            .scoreAt(detector.apply(chosen.constants()), profile, threshold);
        scores.add(new FoldScore<>(fold, profile, chosen.constants(), threshold, heldOut));
      }
      summaries.add(new Summary<>(profile, scores));
    }
    return summaries;
  }

  /**
   * The names of the files outside the fold: the only ones its constants are chosen on. A fold of
   * the whole corpus ({@link NabFolds#NONE}) is the in-sample run: it is chosen on itself.
   */
  static Set<String> trainingSet(NabCorpus corpus, NabFolds.Fold fold) {
    Set<String> training = new HashSet<>();
    for (NabFile file : corpus.files()) {
      if (!fold.holds(file.name())) {
        training.add(file.name());
      }
    }
    if (training.isEmpty()) {
      corpus.files().forEach(f -> training.add(f.name()));
    }
    return training;
  }
}
