package io.causeway.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {

  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  private static final int ROWS = 100;
  /** Every file has one window over rows 40..49 (probation: the first 15 rows). */
  private static final int WINDOW_START = 40;
  private static final int EARLY = 20;
  /** Folds "a" (two files) and "b" (three). */
  private static final NabCorpus CORPUS = NabCorpus.of(Path.of("synthetic"),
      List.of(file("a/1.csv"), file("a/2.csv"), file("b/1.csv"), file("b/2.csv"), file("b/3.csv")), List.of(STANDARD));

  @Test
  void foldsAreTheCategoriesTheFilesOrTheWholeCorpus() {
    assertThat(NabFolds.CATEGORY.split(CORPUS.files())).extracting(NabFolds.Fold::name).containsExactly("a", "b");
    assertThat(NabFolds.CATEGORY.split(CORPUS.files()).get(1).files()).hasSize(3);
    assertThat(NabFolds.FILE.split(CORPUS.files())).hasSize(5);
    assertThat(NabFolds.NONE.split(CORPUS.files())).singleElement().satisfies(f -> assertThat(f.files()).hasSize(5));
  }

  @Test
  void theBestThresholdOverSomeFilesIsNabsSweepOfThoseFilesConcatenated() {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, double[]> scores = new HashMap<>();
    for (NabFile file : CORPUS.files()) {
      scores.put(file.name(), random.doubles(ROWS).map(d -> Math.floor(d * 50) / 50).toArray());
    }
    ThresholdCurves curves = ThresholdCurves.of(CORPUS.files(), scores, STANDARD);
    Set<String> some = Set.of("a/2.csv", "b/1.csv", "b/3.csv");

    ThresholdScore nab = NabSweep.concat(CORPUS.files().stream()
        .filter(f -> some.contains(f.name()))
        .map(f -> NabSweep.of(f, scores.get(f.name()), STANDARD))
        .toList()).best();
    ThresholdCurves.Choice ours = curves.best(some::contains);

    assertThat(ours.threshold()).isEqualTo(nab.threshold());
    assertThat(ours.raw()).isCloseTo(nab.score(), within(1e-9));
    assertThat(ours.perfect()).isEqualTo(3.0);
  }

  /**
   * Fold "b" is poisoned: its scores put its windows' detections at 0.5, where fold "a" has a
   * false positive. Chosen on all files (a leak), the threshold drops to 0.5; chosen without "b",
   * it stays at 0.8 whatever "b" holds, and "b" is then scored, and missed, at 0.8.
   */
  @Test
  void aFoldsThresholdIsChosenWithoutItsOwnData() {
    Map<String, double[]> clean = scoresByFile(name -> detection(0.8, name.startsWith("a/") ? 0.6 : 0));
    Map<String, double[]> poisoned = scoresByFile(name -> name.startsWith("a/") ? detection(0.8, 0.6) : detection(0.5, 0));

    var leaked = LeaveOneOut.run(CORPUS, NabFolds.NONE.split(CORPUS.files()), List.of(STANDARD), c -> poisoned, "one", List.of());
    var cleanRun = LeaveOneOut.run(CORPUS, NabFolds.CATEGORY.split(CORPUS.files()), List.of(STANDARD), c -> clean, "one", List.of());
    var poisonedRun = LeaveOneOut.run(CORPUS, NabFolds.CATEGORY.split(CORPUS.files()), List.of(STANDARD), c -> poisoned, "one", List.of());

    assertThat(leaked.get(0).folds().get(0).threshold()).isEqualTo(0.5);
    LeaveOneOut.FoldScore<String> b = poisonedRun.get(0).folds().get(1);
    assertThat(b.fold().name()).isEqualTo("b");
    assertThat(b.threshold()).isEqualTo(cleanRun.get(0).folds().get(1).threshold()).isEqualTo(0.8);
    assertThat(b.heldOut().raw()).isEqualTo(-3.0);
  }

  /**
   * Two sets of constants that do equally well on fold "a". Poisoned, fold "b" is missed by 1 and
   * found by 2, so a choice on all files takes 2; without "b" the choice stays 1 (the start)
   * whatever "b" holds.
   */
  @Test
  void aFoldsConstantsAreChosenWithoutItsOwnData() {
    Function<Integer, Map<String, double[]>> clean = c -> scoresByFile(name -> detection(0.8, 0));
    Function<Integer, Map<String, double[]>> poisoned = c -> scoresByFile(name -> name.startsWith("a/") || c == 2 ? detection(0.8, 0) : new double[ROWS]);
    List<ConstantSearch.Axis<Integer>> axes = List.of(c -> List.of(1, 2));

    var leaked = LeaveOneOut.run(CORPUS, NabFolds.NONE.split(CORPUS.files()), List.of(STANDARD), poisoned, 1, axes);
    var cleanRun = LeaveOneOut.run(CORPUS, NabFolds.CATEGORY.split(CORPUS.files()), List.of(STANDARD), clean, 1, axes);
    var poisonedRun = LeaveOneOut.run(CORPUS, NabFolds.CATEGORY.split(CORPUS.files()), List.of(STANDARD), poisoned, 1, axes);

    assertThat(leaked.get(0).folds().get(0).constants()).isEqualTo(2);
    assertThat(poisonedRun.get(0).folds().get(1).constants()).isEqualTo(cleanRun.get(0).folds().get(1).constants()).isEqualTo(1);
    assertThat(poisonedRun.get(0).folds().get(0).constants()).as("fold a, chosen on the poisoned b").isEqualTo(2);
  }

  /**
   * Held out: fold "c". On the training folds, constants 2 score better overall than 1 (they find
   * all three of "b"'s windows, 1 finds one) but lose fold "a"'s window: the search keeps 1, as a move that lifts
   * one category and drops another is no gain.
   */
  @Test
  void theSearchRejectsConstantsThatLiftOneTrainingCategoryAndDropAnother() {
    NabCorpus corpus = NabCorpus.of(Path.of("synthetic"),
        List.of(file("a/1.csv"), file("b/1.csv"), file("b/2.csv"), file("b/3.csv"), file("c/1.csv")), List.of(STANDARD));
    Function<Integer, Map<String, double[]>> detector = c -> {
      Map<String, double[]> scores = new HashMap<>();
      for (NabFile file : corpus.files()) {
        boolean found = file.name().startsWith("a/") ? c == 1 : file.name().startsWith("b/") ? c == 2 || file.name().equals("b/1.csv") : true;
        scores.put(file.name(), found ? detection(0.8, 0) : new double[ROWS]);
      }
      return scores;
    };

    var run = LeaveOneOut.run(corpus, NabFolds.CATEGORY.split(corpus.files()), List.of(STANDARD), detector, 1, List.of(c -> List.of(1, 2)));

    assertThat(run.get(0).folds().get(2).fold().name()).isEqualTo("c");
    assertThat(run.get(0).folds().get(2).constants()).isEqualTo(1);
  }

  @Test
  void aFoldWithoutWindowsHasNoNormalisedScoreButCountsInThePooledOne() {
    NabFile quiet = new NabFile("c/quiet.csv", file("c/quiet.csv").timestamps(), new double[ROWS], List.of());
    NabCorpus corpus = NabCorpus.of(Path.of("synthetic"), List.of(file("a/1.csv"), quiet), List.of(STANDARD));
    Map<String, double[]> scores = Map.of("a/1.csv", detection(0.8, 0), "c/quiet.csv", detection(0, 0.9));

    var run = LeaveOneOut.run(corpus, NabFolds.CATEGORY.split(corpus.files()), List.of(STANDARD), c -> scores, "one", List.of());

    LeaveOneOut.Summary<String> summary = run.get(0);
    assertThat(summary.folds().get(1).normalised()).isNaN();
    assertThat(summary.folds().get(1).heldOut().raw()).isCloseTo(-0.11, within(1e-12));
    assertThat(summary.mean()).isEqualTo(summary.folds().get(0).normalised());
    assertThat(summary.pooled()).isLessThan(summary.mean());
  }

  private static Map<String, double[]> scoresByFile(Function<String, double[]> scores) {
    Map<String, double[]> byFile = new HashMap<>();
    for (NabFile file : CORPUS.files()) {
      byFile.put(file.name(), scores.apply(file.name()));
    }
    return byFile;
  }

  /** Scores with {@code atWindow} on the window's first row and {@code early} on a row before it. */
  private static double[] detection(double atWindow, double early) {
    double[] scores = new double[ROWS];
    scores[WINDOW_START] = atWindow;
    scores[EARLY] = early;
    return scores;
  }

  private static NabFile file(String name) {
    LocalDateTime[] timestamps = new LocalDateTime[ROWS];
    for (int i = 0; i < ROWS; i++) {
      timestamps[i] = T0.plusMinutes(5L * i);
    }
    return new NabFile(name, timestamps, new double[ROWS],
        List.of(new NabFile.Window(timestamps[WINDOW_START], timestamps[WINDOW_START + 9])));
  }
}
