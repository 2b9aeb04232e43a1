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

  private static long millis(LocalDateTime at) {
    return at.toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
