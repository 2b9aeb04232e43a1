package io.causeway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.core.logs.LogPathModel.Settings;
import io.causeway.core.logs.LogPathModel.Shift;
import io.causeway.core.logs.LogPathModel.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogPathModelTest {

  private static final Settings SETTINGS = Settings.DEFAULT;
  private static final List<String> USUAL = List.of("query", "found", "priced");
  private static final List<String> EARLY_RETURN = List.of("query", "found");
  private static final List<String> OTHER_ENDPOINT = List.of("login", "token");

  private final LogPathModel model = new LogPathModel();

  @Test
  void aPathOfTemplatesRunsFromStartToEnd() {
    assertThat(LogPathModel.stepsOf(List.of("a", "b")))
        .containsExactly(new Step(LogPathModel.START, "a"), new Step("a", "b"), new Step("b", LogPathModel.END));
  }

  @Test
  void aLineRepeatedBackToBackIsOneStep() {
    assertThat(LogPathModel.stepsOf(List.of("a", "item", "item", "item", "b", "a")))
        .containsExactly(
            new Step(LogPathModel.START, "a"), new Step("a", "item"), new Step("item", "b"), new Step("b", "a"), new Step("a", LogPathModel.END));
  }

  @Test
  void windowsLikeTheBaselineAreNoShiftWhateverTheirVolume() {
    learnWindows(10, Map.of(USUAL, 20, OTHER_ENDPOINT, 10));

    assertThat(model.judge(window(Map.of(USUAL, 20, OTHER_ENDPOINT, 10)), SETTINGS)).isEmpty();
    assertThat(model.judge(window(Map.of(USUAL, 200, OTHER_ENDPOINT, 100)), SETTINGS)).isEmpty();
    assertThat(model.judge(window(Map.of(USUAL, 4, OTHER_ENDPOINT, 2)), SETTINGS)).isEmpty();
  }

  @Test
  void aMethodThatReturnsEarlyIsAShiftAfterTheLastLineItStillLogs() {
    learnWindows(10, Map.of(USUAL, 20, OTHER_ENDPOINT, 10));

    Shift shift = model.judge(window(Map.of(EARLY_RETURN, 18, USUAL, 2, OTHER_ENDPOINT, 10)), SETTINGS).orElseThrow();

    assertThat(shift.from()).isEqualTo("found");
    assertThat(shift.usualNext()).isEqualTo("priced");
    assertThat(shift.usualShare()).isEqualTo(1.0);
    assertThat(shift.observedShare()).isEqualTo(0.1);
    assertThat(shift.paths()).isEqualTo(20);
    assertThat(shift.score()).isGreaterThan(SETTINGS.threshold());
    assertThat(shift.shifted()).containsExactly("found");
  }

  @Test
  void aTemplateWithTooLittleHistoryOrTooFewPathsIsNotJudged() {
    learnWindows(1, Map.of(USUAL, 4));
    assertThat(model.judge(window(Map.of(EARLY_RETURN, 20)), SETTINGS)).as("4 paths of history").isEmpty();

    learnWindows(5, Map.of(USUAL, 4));
    assertThat(model.judge(window(Map.of(EARLY_RETURN, 2)), SETTINGS)).as("2 paths in the window").isEmpty();
    assertThat(model.judge(window(Map.of(EARLY_RETURN, 3)), SETTINGS)).isPresent();
  }

  @Test
  void aShiftedWindowIsLearnedOnlyALittleSoAFaultThatLastsStaysAShift() {
    learnWindows(10, Map.of(USUAL, 20));
    Map<Step, Long> faulty = window(Map.of(EARLY_RETURN, 20));

    for (int minute = 0; minute < 5; minute++) {
      Optional<Shift> shift = model.judge(faulty, SETTINGS);
      assertThat(shift).as("minute %d of the fault", minute).isPresent();
      model.learn(faulty, shift.get().shifted(), SETTINGS);
    }
  }

  @Test
  void aLastingChangeIsLearnedWithinTheHourThoughJudgedShiftedMeanwhile() {
    learnWindows(10, Map.of(USUAL, 20));
    Map<Step, Long> newNormal = window(Map.of(EARLY_RETURN, 20));

    int shiftedWindows = 0;
    for (int minute = 0; minute < 60; minute++) {
      Set<String> shifted = model.judge(newNormal, SETTINGS).map(Shift::shifted).orElse(Set.of());
      shiftedWindows += shifted.isEmpty() ? 0 : 1;
      model.learn(newNormal, shifted, SETTINGS);
    }

    assertThat(shiftedWindows).as("a deploy that changes the code path alarms for a while").isBetween(10, 50);
    assertThat(model.judge(newNormal, SETTINGS)).as("then it is the new normal").isEmpty();
  }

  @Test
  void oldBehaviourFadesAndTheModelStaysBounded() {
    Settings small = new Settings(10.0, 5.0, 3, 0.9, 0.1, 50);
    Random random = new Random(7);
    for (int minute = 0; minute < 500; minute++) {
      Map<Step, Long> window = new HashMap<>();
      for (int path = 0; path < 30; path++) {
        LogPathModel.stepsOf(List.of("t" + random.nextInt(40), "t" + random.nextInt(40))).forEach(s -> window.merge(s, 1L, Long::sum));
      }
      model.learn(window, Set.of(), small);
      assertThat(model.size()).isLessThanOrEqualTo(50);
    }

    model.learn(window(Map.of(USUAL, 1)), Set.of(), small);
    for (int minute = 0; minute < 40; minute++) {
      model.learn(Map.of(), Set.of(), small);
    }
    assertThat(model.weight("found", "priced")).as("0.9^40 of one path is forgotten").isZero();
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new Settings(10, 5, 3, 0, 0.1, 10)).hasMessageContaining("decay");
    assertThatThrownBy(() -> new Settings(10, 5, 3, 0.9, 2, 10)).hasMessageContaining("shiftedWeight");
  }

  private void learnWindows(int windows, Map<List<String>, Integer> paths) {
    for (int i = 0; i < windows; i++) {
      model.learn(window(paths), Set.of(), SETTINGS);
    }
  }

  private static Map<Step, Long> window(Map<List<String>, Integer> paths) {
    Map<Step, Long> window = new HashMap<>();
    paths.forEach((path, count) -> LogPathModel.stepsOf(path).forEach(step -> window.merge(step, (long) count, Long::sum)));
    return window;
  }
}
