package io.causeway.benchmarks.nab;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Chooses a detector's constants and its threshold on some files only: a coordinate search from a
 * starting set of constants, one axis at a time, each move kept when it raises the normalised
 * score (at its own best threshold) on those files. The files left out are never read: every
 * figure the search compares is a {@link ThresholdCurves#best} over the training files.
 *
 * <p>The training sets (one per fold) are known up front, so each set of constants is run once
 * (its scores of a file depend on that file alone) and judged on every training set at once; only
 * those judgements are kept, a few numbers each, not the scores.
 *
 * @param <S> the detector's constants, a value type (equal constants give equal scores)
 */
final class ConstantSearch<S> {

  /** One constant of {@code S}: the alternatives to a set of constants that differ in it alone. */
  interface Axis<S> {
    List<S> alternatives(S current);
  }

  /** What a search chose: the constants, and the threshold with its score on the files it saw. */
  record Chosen<S>(S constants, ThresholdCurves.Choice choice) {}

  /**
   * A set of constants judged on one training set: its best threshold there, and the normalised
   * score at that threshold of each category of the training set that has windows.
   */
  record Judgement(ThresholdCurves.Choice choice, double[] categories) {

    /** Better overall, and no worse on any category: a move that lifts one and drops another is no gain. */
    boolean improvesOn(Judgement other) {
      if (!(choice.normalised() > other.choice.normalised() + 1e-9)) {
        return false;
      }
      for (int c = 0; c < categories.length; c++) {
        if (categories[c] < other.categories[c] - 1e-9) {
          return false;
        }
      }
      return true;
    }
  }

  private static final int MAX_PASSES = 3;

  private final List<NabFile> files;
  private final Function<S, Map<String, double[]>> detector;
  private final S start;
  private final List<Axis<S>> axes;
  private final List<NabProfile> profiles;
  private final List<Set<String>> trainingSets;
  /** Per training set, its categories that have windows: each a set of file names. */
  private final List<List<Set<String>>> categories;
  private final Map<S, Map<NabProfile, Judgement[]>> judged = new HashMap<>();

  ConstantSearch(
      List<NabFile> files,
      Function<S, Map<String, double[]>> detector,
      S start,
      List<Axis<S>> axes,
      List<NabProfile> profiles,
      List<Set<String>> trainingSets) {
    this.files = List.copyOf(files);
    this.detector = detector;
    this.start = start;
    this.axes = List.copyOf(axes);
    this.profiles = List.copyOf(profiles);
    this.trainingSets = List.copyOf(trainingSets);
    this.categories = trainingSets.stream().map(this::categoriesOf).toList();
  }

  /** The best constants and threshold on training set {@code set} (an index), under a profile. */
  Chosen<S> choose(int set, NabProfile profile) {
    S best = start;
    Judgement bestJudgement = judge(best, profile, set);
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      boolean moved = false;
      for (Axis<S> axis : axes) {
        for (S candidate : axis.alternatives(best)) {
          Judgement judgement = judge(candidate, profile, set);
          if (judgement.improvesOn(bestJudgement)) {
            best = candidate;
            bestJudgement = judgement;
            moved = true;
          }
        }
      }
      if (!moved) {
        break;
      }
    }
    return new Chosen<>(best, bestJudgement.choice());
  }

  private Judgement judge(S constants, NabProfile profile, int set) {
    return judged.computeIfAbsent(constants, this::judgeEverywhere).get(profile)[set];
  }

  private Map<NabProfile, Judgement[]> judgeEverywhere(S constants) {
    Map<String, double[]> scores = detector.apply(constants);
    Map<NabProfile, Judgement[]> byProfile = new HashMap<>();
    for (NabProfile profile : profiles) {
      ThresholdCurves curves = ThresholdCurves.of(files, scores, profile);
      Judgement[] judgements = new Judgement[trainingSets.size()];
      for (int s = 0; s < judgements.length; s++) {
        ThresholdCurves.Choice choice = curves.best(trainingSets.get(s)::contains);
        judgements[s] = new Judgement(choice, categories.get(s).stream()
            .mapToDouble(category -> curves.at(choice.threshold(), category::contains).normalised())
            .toArray());
      }
      byProfile.put(profile, judgements);
    }
    return byProfile;
  }

  private List<Set<String>> categoriesOf(Set<String> trainingSet) {
    Map<String, Set<String>> byCategory = new TreeMap<>();
    for (NabFile file : files) {
      if (trainingSet.contains(file.name()) && !file.windows().isEmpty()) {
        byCategory.computeIfAbsent(NabFolds.category(file.name()), c -> new HashSet<>()).add(file.name());
      }
    }
    return List.copyOf(byCategory.values());
  }
}
