package io.causeway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecurringShiftsTest {

  private static final RecurringShifts.Settings SETTINGS = RecurringShifts.Settings.DEFAULT;
  private static final long MINUTE = 60_000;

  @Test
  void aShiftReportedAgainAndAgainOverHoursIsRecurring() {
    RecurringShifts shifts = new RecurringShifts();
    for (int i = 0; i < 4; i++) {
      shifts.record("#459", "#469", i * 20 * MINUTE, SETTINGS);
    }

    assertThat(shifts.recurring("#459", "#469", 80 * MINUTE, SETTINGS)).isTrue();
    assertThat(shifts.recurring("#459", "$", 80 * MINUTE, SETTINGS)).as("another kind of shift of the same line").isFalse();
  }

  @Test
  void aFaultRepeatedWithinMinutesIsNotRecurring() {
    RecurringShifts shifts = new RecurringShifts();
    for (int i = 0; i < 3; i++) {
      shifts.record("#451", "#457", i * 8 * MINUTE, SETTINGS);
    }

    assertThat(shifts.recurring("#451", "#457", 24 * MINUTE, SETTINGS)).as("3 reports within 16 minutes").isFalse();
    assertThat(shifts.recurring("#451", "#457", 61 * MINUTE, SETTINGS)).as("3 reports, the first an hour ago").isTrue();
  }

  @Test
  void aKindNotSeenForLongIsForgottenAndTheKindsAreBounded() {
    RecurringShifts shifts = new RecurringShifts();
    for (int i = 0; i < 4; i++) {
      shifts.record("#459", "#469", i * 30 * MINUTE, SETTINGS);
    }
    long muchLater = 90 * MINUTE + SETTINGS.forgetAfter().toMillis() + 1;

    assertThat(shifts.recurring("#459", "#469", muchLater, SETTINGS)).isFalse();
    shifts.record("#1", "#2", muchLater, SETTINGS);
    assertThat(shifts.size()).as("the old kind went").isEqualTo(1);

    for (int i = 0; i < RecurringShifts.MAX_KINDS + 50; i++) {
      shifts.record("#" + i, "#next", muchLater + i, SETTINGS);
    }
    assertThat(shifts.size()).isEqualTo(RecurringShifts.MAX_KINDS);
  }

  @Test
  void settingsSayWhatRecurringMeans() {
    RecurringShifts.Settings twice = new RecurringShifts.Settings(2, Duration.ofMinutes(10), Duration.ofHours(1));
    RecurringShifts shifts = new RecurringShifts();
    shifts.record("#a", "#b", 0, twice);
    shifts.record("#a", "#b", 11 * MINUTE, twice);

    assertThat(shifts.recurring("#a", "#b", 12 * MINUTE, twice)).isTrue();
    assertThat(shifts.recurring("#a", "#b", 12 * MINUTE, SETTINGS)).isFalse();
  }
}
