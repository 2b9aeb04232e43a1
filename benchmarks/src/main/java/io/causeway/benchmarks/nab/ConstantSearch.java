package io.causeway.benchmarks.nab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final int MAX_PASSES = 3;

  private final List<NabFile> files;
  private final Function<S, Map<String, double[]>> detector;
  private final S start;
  private final List<Axis<S>> axes;
  private final List<NabProfile> profiles;
  private final List<Set<String>> trainingSets;
  private final Map<S, Map<NabProfile, ThresholdCurves.Choice[]>> judged = new HashMap<>();

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
  }

  /** The best constants and threshold on training set {@code set} (an index), under a profile. */
  Chosen<S> choose(int set, NabProfile profile) {
    S best = start;
    ThresholdCurves.Choice bestChoice = judge(best, profile, set);
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      boolean moved = false;
      for (Axis<S> axis : axes) {
        for (S candidate : axis.alternatives(best)) {
          ThresholdCurves.Choice choice = judge(candidate, profile, set);
          if (choice.normalised() > bestChoice.normalised() + 1e-9) {
            best = candidate;
            bestChoice = choice;
            moved = true;
          }
        }
      }
      if (!moved) {
        break;
      }
    }
    return new Chosen<>(best, bestChoice);
  }

  /** How many distinct sets of constants the detector has run with. */
  int runs() {
    return judged.size();
  }

  private ThresholdCurves.Choice judge(S constants, NabProfile profile, int set) {
    return judged.computeIfAbsent(constants, this::judgeEverywhere).get(profile)[set];
  }

  private Map<NabProfile, ThresholdCurves.Choice[]> judgeEverywhere(S constants) {
    Map<String, double[]> scores = detector.apply(constants);
    Map<NabProfile, ThresholdCurves.Choice[]> byProfile = new HashMap<>();
    for (NabProfile profile : profiles) {
      ThresholdCurves curves = ThresholdCurves.of(files, scores, profile);
      ThresholdCurves.Choice[] choices = new ThresholdCurves.Choice[trainingSets.size()];
      for (int s = 0; s < choices.length; s++) {
        choices[s] = curves.best(trainingSets.get(s)::contains);
      }
      byProfile.put(profile, choices);
    }
    return byProfile;
  }
}
