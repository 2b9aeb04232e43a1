package io.causeway.benchmarks.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.core.logs.MinerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaveOneSystemOutTest {

  private static final MinerSettings LOOSE = MinerSettings.DEFAULT.withSimilarity(0.4);
  private static final MinerSettings STRICT = MinerSettings.DEFAULT.withSimilarity(0.8);

  /** STRICT is a little better on three systems; the poisoned one would swing the choice to LOOSE. */
  private static final Map<String, Map<MinerSettings, Double>> FIGURES = Map.of(
      "alpha", Map.of(LOOSE, 0.80, STRICT, 0.90),
      "beta", Map.of(LOOSE, 0.80, STRICT, 0.90),
      "gamma", Map.of(LOOSE, 0.80, STRICT, 0.90),
      "poisoned", Map.of(LOOSE, 1.00, STRICT, 0.00));

  private final List<String> scoredCalls = new ArrayList<>();
  private final LeaveOneSystemOut protocol = new LeaveOneSystemOut(List.of(LOOSE, STRICT), this::score);

  private LoghubScores score(String system, MinerSettings settings) {
    scoredCalls.add(system);
    double figure = FIGURES.get(system).get(settings);
    return new LoghubScores(figure, figure, figure, figure, 1, 1);
  }

  @Test
  void theLeftOutSystemIsScoredWithTheChoiceOfTheOthersEvenWhenItWouldChangeIt() {
    List<LeaveOneSystemOut.Fold> folds = protocol.folds(List.of("alpha", "beta", "gamma", "poisoned"));

    LeaveOneSystemOut.Fold poisoned = folds.get(3);
    assertThat(poisoned.system()).isEqualTo("poisoned");
    assertThat(poisoned.chosen()).as("chosen on alpha, beta, gamma alone").isEqualTo(STRICT);
    assertThat(poisoned.scores().ga()).isZero();
    assertThat(protocol.choose(List.of("alpha", "beta", "gamma", "poisoned")))
        .as("in-sample, the poisoned system's figures would have swung the choice")
        .isEqualTo(LOOSE);
  }

  @Test
  void aSystemLeftOutInfluencesNoneOfItsOwnFoldButEveryOtherFoldSeesIt() {
    List<LeaveOneSystemOut.Fold> folds = protocol.folds(List.of("alpha", "beta", "gamma", "poisoned"));

    // with the poisoned system in their training set (mean 0.85 vs 0.675), the other folds choose LOOSE
    assertThat(folds.subList(0, 3)).extracting(LeaveOneSystemOut.Fold::chosen).containsOnly(LOOSE);
    assertThat(folds.subList(0, 3)).extracting(f -> f.scores().ga()).containsOnly(0.80);
  }

  @Test
  void choosingForOneFoldNeverScoresTheSystemLeftOut() {
    protocol.choose(List.of("alpha", "beta", "gamma"));

    assertThat(scoredCalls).isNotEmpty().doesNotContain("poisoned");
  }

  @Test
  void eachSystemAndSettingsIsMinedOnceAcrossFolds() {
    protocol.folds(List.of("alpha", "beta", "gamma", "poisoned"));

    assertThat(scoredCalls).hasSize(4 * 2);
  }

  @Test
  void needsTwoSystemsAndAGrid() {
    assertThatThrownBy(() -> protocol.folds(List.of("alpha"))).hasMessageContaining("at least two systems");
    assertThatThrownBy(() -> new LeaveOneSystemOut(List.of(), this::score)).hasMessageContaining("grid");
  }

  @Test
  void theGridVariesTheAccuracyConstantsAndKeepsTheStateBounds() {
    List<MinerSettings> grid = LeaveOneSystemOut.grid(MinerSettings.DEFAULT);

    assertThat(grid).contains(MinerSettings.DEFAULT).doesNotHaveDuplicates();
    assertThat(grid).extracting(MinerSettings::similarity).contains(0.4, 0.8);
    assertThat(grid).extracting(MinerSettings::distinctWordsSplit).contains(true, false);
    assertThat(grid).extracting(MinerSettings::maxTemplates).containsOnly(MinerSettings.DEFAULT.maxTemplates());
    assertThat(grid).extracting(MinerSettings::maxTokens).containsOnly(MinerSettings.DEFAULT.maxTokens());
  }
}
