package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeasonalProfileTest {

  /** Monday 2024-01-01 00:00 UTC. */
  private static final LocalDateTime MONDAY = LocalDateTime.of(2024, 1, 1, 0, 0);

  @Test
  void aSlotIsTheHourOfTheDayWithWeekendsApart() {
    assertThat(SeasonalProfile.slot(millis(MONDAY))).isZero();
    assertThat(SeasonalProfile.slot(millis(MONDAY.plusHours(23).plusMinutes(59)))).isEqualTo(23);
    assertThat(SeasonalProfile.slot(millis(MONDAY.plusDays(5).plusHours(13).plusMinutes(30)))).isEqualTo(24 + 13);
    assertThat(SeasonalProfile.slot(millis(MONDAY.plusDays(6).plusHours(23)))).isEqualTo(24 + 23);
    assertThat(SeasonalProfile.slot(millis(LocalDateTime.of(1969, 12, 31, 23, 0)))).isEqualTo(23);
    assertThat(SeasonalProfile.slot(millis(LocalDateTime.of(1969, 12, 28, 5, 0)))).isEqualTo(24 + 5);
  }

  @Test
  void aValueIsSurprisingOnlyAtAnHourThatDoesNotUsuallyHoldIt() {
    SeasonalProfile profile = new SeasonalProfile(AnomalyScorerSettings.DEFAULTS);
    SplittableRandom random = new SplittableRandom(1);
    LocalDateTime at = MONDAY;
    for (int quarter = 0; quarter < 4 * 24 * 28; quarter++, at = at.plusMinutes(15)) {
      double usual = at.getHour() == 3 ? 100 : 0;
      profile.surprise(millis(at), usual + random.nextGaussian(), 0.1);
    }
    LocalDateTime nextMonday = MONDAY.plusWeeks(4);

    assertThat(profile.surprise(millis(nextMonday.plusHours(3)), 100, 0.1)).isZero();
    assertThat(profile.surprise(millis(nextMonday.plusHours(15)), 100, 0.1)).isGreaterThan(0.99);
    assertThat(profile.surprise(millis(nextMonday.plusHours(15)), 2, 0.1)).isZero();
  }

  @Test
  void aQuietHourIsNotSurprisedByWobblesWithinTheMinimumDeviation() {
    SeasonalProfile profile = new SeasonalProfile(AnomalyScorerSettings.DEFAULTS);
    for (int day = 0; day < 30; day++) {
      profile.surprise(millis(MONDAY.plusDays(day)), 10, 1);
    }

    assertThat(profile.surprise(millis(MONDAY.plusDays(30)), 13, 1)).isZero();
    assertThat(profile.surprise(millis(MONDAY.plusDays(31)), 30, 1)).isGreaterThan(0.9);
  }

  /**
   * Four weeks of a flat series at five minutes, then a shift of 50 deviations that persists. With
   * {@code shiftAfter} 24 the shift is taken as the whole series' new level after two hours of
   * surprise, so the hours after it that have not yet seen it are not surprised; without it, each
   * hour is surprised on its first visits after the shift, for a day.
   */
  @Test
  void aShiftThatPersistsStopsSurprisingEveryHourOnceConfirmed() {
    SeasonalProfile rebasing = new SeasonalProfile(AnomalyScorerSettings.DEFAULTS.withShiftAfter(24));
    SeasonalProfile perSlot = new SeasonalProfile(AnomalyScorerSettings.DEFAULTS);
    SplittableRandom random = new SplittableRandom(2);
    LocalDateTime at = MONDAY;
    for (int step = 0; step < 12 * 24 * 28; step++, at = at.plusMinutes(5)) {
      double value = 10 + random.nextGaussian();
      rebasing.surprise(millis(at), value, 0.5);
      perSlot.surprise(millis(at), value, 0.5);
    }
    int surprisedRebasing = 0;
    int surprisedPerSlot = 0;
    for (int step = 0; step < 12 * 24; step++, at = at.plusMinutes(5)) {
      double value = 60 + random.nextGaussian();
      surprisedRebasing += rebasing.surprise(millis(at), value, 0.5) > 0.5 ? 1 : 0;
      surprisedPerSlot += perSlot.surprise(millis(at), value, 0.5) > 0.5 ? 1 : 0;
    }

    assertThat(surprisedRebasing).isBetween(24, 30);
    assertThat(surprisedPerSlot).isGreaterThan(24 * 3);
  }

  @Test
  void aShortBurstIsNotTakenForAShift() {
    SeasonalProfile rebasing = new SeasonalProfile(AnomalyScorerSettings.DEFAULTS.withShiftAfter(24));
    SplittableRandom random = new SplittableRandom(3);
    LocalDateTime at = MONDAY;
    for (int step = 0; step < 12 * 24 * 28; step++, at = at.plusMinutes(5)) {
      double burst = step >= 12 * 24 * 21 && step < 12 * 24 * 21 + 12 ? 50 : 0;
      rebasing.surprise(millis(at), 10 + burst + random.nextGaussian(), 0.5);
    }

    assertThat(rebasing.surprise(millis(at), 10, 0.5)).isZero();
    assertThat(rebasing.surprise(millis(at.plusMinutes(5)), 60, 0.5)).isGreaterThan(0.99);
  }

  private static long millis(LocalDateTime at) {
    return at.toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
