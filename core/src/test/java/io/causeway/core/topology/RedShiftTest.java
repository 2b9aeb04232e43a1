package io.causeway.core.topology;

import java.util.Locale;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedShiftTest {

  private final RedShift shift = RedShift.defaults();

  @Test
  void defaultsAreAFivePointErrorStepAndADoublingOfLatency() {
    assertThat(shift).isEqualTo(new RedShift(0.05, 2.0));
  }

  @Test
  void anErrorRatioRisingByMoreThanTheStepIsAShift() {
    assertThat(shift.between(0.01, 40.0, 0.08, 40.0)).hasValue("errorRatio 0.010 -> 0.080");
  }

  @Test
  void anErrorRatioFallingByMoreThanTheStepIsAShiftToo() {
    assertThat(shift.between(0.30, 40.0, 0.02, 40.0)).hasValue("errorRatio 0.300 -> 0.020");
  }

  @Test
  void anErrorRatioMovingLessThanTheStepIsNoShift() {
    assertThat(shift.between(0.01, 40.0, 0.05, 40.0)).isEmpty();
    assertThat(shift.between(0.20, 40.0, 0.16, 40.0)).isEmpty();
  }

  @Test
  void anErrorRatioMovingByExactlyTheStepIsAShift() {
    // 1% -> 6% and 25% -> 30% are five points, "at least errorRatioStep"
    assertThat(shift.between(0.0, 40.0, 0.05, 40.0)).isPresent();
    assertThat(shift.between(1 / 100.0, 40.0, 6 / 100.0, 40.0)).isPresent();
    assertThat(shift.between(0.25, 40.0, 0.30, 40.0)).isPresent();
  }

  @Test
  void latencyGrowingByTheFactorIsAShift() {
    assertThat(shift.between(0.0, 12.0, 0.0, 24.0)).hasValue("latencyP90Ms 12.0 -> 24.0");
  }

  @Test
  void latencyShrinkingByTheFactorIsAShift() {
    assertThat(shift.between(0.0, 250.0, 0.0, 100.0)).hasValue("latencyP90Ms 250.0 -> 100.0");
  }

  @Test
  void latencyMovingLessThanTheFactorIsNoShift() {
    assertThat(shift.between(0.0, 100.0, 0.0, 190.0)).isEmpty();
    assertThat(shift.between(0.0, 190.0, 0.0, 100.0)).isEmpty();
  }

  @Test
  void subMillisecondJitterIsNeverAShiftHoweverLargeTheFactor() {
    assertThat(shift.between(0.0, 0.2, 0.0, 0.9)).isEmpty();
    assertThat(shift.between(0.0, 0.5, 0.0, 1.5)).as("exactly one millisecond apart").isEmpty();
    assertThat(shift.between(0.0, 0.5, 0.0, 1.6)).as("just over a millisecond apart").isPresent();
  }

  @Test
  void anEdgeThatStartsTakingTimeFromZeroIsAShift() {
    assertThat(shift.between(0.0, 0.0, 0.0, 5.0)).hasValue("latencyP90Ms 0.0 -> 5.0");
  }

  @Test
  void namesTheErrorRatioWhenBothFiguresMoved() {
    assertThat(shift.between(0.0, 10.0, 0.5, 80.0)).hasValue("errorRatio 0.000 -> 0.500");
  }

  @Test
  void theReasonReadsTheSameWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(shift.between(0.01, 40.0, 0.08, 40.0)).hasValue("errorRatio 0.010 -> 0.080");
      assertThat(shift.between(0.0, 12.0, 0.0, 24.0)).hasValue("latencyP90Ms 12.0 -> 24.0");
    } finally {
      Locale.setDefault(before);
    }
  }
}
