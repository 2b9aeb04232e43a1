package io.causeway.benchmarks.loghub;

import io.causeway.core.logs.MinerSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Leave-one-system-out: for each system, every constant of the miner is chosen from a grid on
 * the other systems alone, and only then is the left-out system scored with that choice. A
 * system's own figures never take part in the choice that scores it.
 *
 * <p>The choice maximises the training systems' mean GA plus mean PA (grouping and templates count
 * alike); a tie keeps the earlier grid entry, and the grid starts with the defaults' values.
 */
final class LeaveOneSystemOut {

  /** Scores one system mined with one configuration. */
  @FunctionalInterface
  interface Scorer {
    LoghubScores score(String system, MinerSettings settings);
  }

  /** One fold: the system left out, the settings chosen without it, and its figures with them. */
  record Fold(String system, MinerSettings chosen, LoghubScores scores) {}

  private final List<MinerSettings> grid;
  private final Scorer scorer;
  /** Each (system, settings) is mined once; folds share the figures, never the choice. */
  private final Map<String, Map<MinerSettings, LoghubScores>> memo = new HashMap<>();

  LeaveOneSystemOut(List<MinerSettings> grid, Scorer scorer) {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the grid of settings to choose from is empty");
    }
    this.grid = List.copyOf(grid);
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  /** One fold per system, in the given order; needs at least two systems. */
  List<Fold> folds(List<String> systems) {
    if (systems.size() < 2) {
      throw new IllegalArgumentException("leave-one-out needs at least two systems, got " + systems);
    }
    List<Fold> folds = new ArrayList<>(systems.size());
    for (String scored : systems) {
      List<String> training = systems.stream().filter(s -> !s.equals(scored)).toList();
      MinerSettings chosen = choose(training);
      folds.add(new Fold(scored, chosen, score(scored, chosen)));
    }
    return folds;
  }

  /** The grid entry with the best mean GA + mean PA over {@code systems}. */
  MinerSettings choose(List<String> systems) {
    MinerSettings best = null;
    double bestObjective = Double.NEGATIVE_INFINITY;
    for (MinerSettings candidate : grid) {
      double objective = 0;
      for (String system : systems) {
        LoghubScores s = score(system, candidate);
        objective += s.ga() + s.pa();
      }
      objective /= systems.size();
      if (objective > bestObjective + 1e-12) {
        best = candidate;
        bestObjective = objective;
      }
    }
    return best;
  }

  private LoghubScores score(String system, MinerSettings settings) {
    return memo.computeIfAbsent(system, s -> new HashMap<>()).computeIfAbsent(settings, m -> scorer.score(system, m));
  }

  /**
   * The constants chosen by the folds: the similarity threshold, the first-token branches per
   * length, the merge rule for differing words and how many words make a value, around {@code
   * base}'s state bounds.
   */
  static List<MinerSettings> grid(MinerSettings base) {
    List<MinerSettings> grid = new ArrayList<>();
    for (int wordValues : new int[] {5, 0, 3, 8}) {
      for (boolean split : new boolean[] {true, false}) {
        for (int children : new int[] {100, 20}) {
          for (double similarity : new double[] {0.8, 0.7, 0.6, 0.5, 0.4}) {
            if (split || wordValues == 0) { // word values only count where differing words split
              grid.add(base.withSimilarity(similarity).withMaxChildren(children).withDistinctWordsSplit(split).withWordValues(wordValues));
            }
          }
        }
      }
    }
    return grid;
  }
}
