package io.causeway.benchmarks.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoghubScoresTest {

  private static final List<String> CONTENTS = List.of("open a 1", "open b 2", "close 3", "close 4");
  private static final List<String> TRUTH = List.of("open <*> <*>", "open <*> <*>", "close <*>", "close <*>");

  @Test
  void perfectTemplatesScoreOneEverywhere() {
    LoghubScores s = LoghubScores.score(CONTENTS, TRUTH, List.of("open <*>", "open <*>", "close <*>", "close <*>"));

    assertThat(List.of(s.ga(), s.pa(), s.fga(), s.fta())).containsOnly(1.0);
    assertThat(s.trueTemplates()).isEqualTo(2);
  }

  @Test
  void rightGroupsWithWrongTextKeepGroupingButLoseParsing() {
    LoghubScores s = LoghubScores.score(CONTENTS, TRUTH, List.of("open a <*>", "open a <*>", "close <*>", "close <*>"));

    assertThat(s.ga()).isEqualTo(1.0);
    assertThat(s.fga()).isEqualTo(1.0);
    assertThat(s.pa()).isEqualTo(0.5);
    // one of two mined templates is right, one of two true ones is found
    assertThat(s.fta()).isEqualTo(0.5);
  }

  @Test
  void aSplitGroupCountsAsWrongForAllItsLines() {
    LoghubScores s = LoghubScores.score(CONTENTS, TRUTH, List.of("open a <*>", "open b <*>", "close <*>", "close <*>"));

    assertThat(s.ga()).isEqualTo(0.5);
    // precision 1/3 (one of three mined groups right), recall 1/2
    assertThat(s.fga()).isCloseTo(2 * (1 / 3.0) * 0.5 / (1 / 3.0 + 0.5), within(1e-9));
    assertThat(s.pa()).isEqualTo(0.5);
  }

  @Test
  void aMergedGroupIsWrongEvenIfItHoldsAWholeTrueGroup() {
    LoghubScores s = LoghubScores.score(CONTENTS, TRUTH, List.of("<*>", "<*>", "<*>", "<*>"));

    assertThat(s.ga()).isZero();
    assertThat(s.fga()).isZero();
    assertThat(s.fta()).isZero();
    assertThat(s.pa()).isZero();
  }

  @Test
  void variablesThatStandForNothingAreDroppedBeforeComparing() {
    assertThat(LoghubScores.withoutEmptyVariables("size=", "size=<*>")).isEqualTo("size=");
    assertThat(LoghubScores.withoutEmptyVariables("size=4", "size=<*>")).isEqualTo("size=<*>");
    assertThat(LoghubScores.withoutEmptyVariables("other", "size=<*>")).isEqualTo("size=<*>");

    LoghubScores s = LoghubScores.score(List.of("Service: , Ident: 5"), List.of("Service: <*>, Ident: <*>"), List.of("Service: , Ident: <*>"));
    assertThat(s.pa()).isEqualTo(1.0);
  }

  @Test
  void groundTruthHasAdjacentVariablesCollapsedButMinedTemplatesDoNot() {
    assertThat(LoghubScores.collapseVariables("<*>:<*> Served <*>.<*>.<*> to <*> <*>")).isEqualTo("<*> Served <*> to <*>");

    List<String> contents = List.of("10.0.0.1:80 up");
    List<String> truth = List.of("<*>:<*> up");
    assertThat(LoghubScores.score(contents, truth, List.of("<*> up")).pa()).isEqualTo(1.0);
    assertThat(LoghubScores.score(contents, truth, List.of("<*>:<*> up")).pa()).isZero();
  }
}
