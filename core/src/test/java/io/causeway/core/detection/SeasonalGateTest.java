package io.causeway.core.detection;

import static io.causeway.core.detection.Judgement.Verdict.CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class SeasonalGateTest {

  /** Monday 2025-03-03 00:00 UTC; ten days run to Wednesday of the next week. */
  private static final Instant MONDAY = Instant.parse("2025-03-03T00:00:00Z");

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int MINUTES_A_DAY = 24 * 60;
  private static final long SEED = 7L;
  private static final double USUAL_RPS = 100;
  private static final double PEAK_RPS = 200;
  private static final double NOISE_RPS = 2;

  @Test
  void aWeekdayMorningPeakStopsBeingReportedOnceItsHourHasThreeDays() {
    Run run = Run.of(DetectorSettings.traffic(), 10, new Random(SEED), SeasonalGateTest::weekdayPeak);

    assertThat(run.daysConfirmedByDetectorAlone).as("the detector alone, every working day").containsExactly(0, 1, 2, 3, 4, 7, 8, 9);
    assertThat(run.daysConfirmedWithGate).as("with the gate, until 9:00 has three days").containsExactly(0, 1, 2);
  }

  @Test
  void aLevelNeverSeenAtThisHourIsConfirmedWithOnsetAtItsFirstPoint() {
    long faultStart = at(8, 14, 0);
    LongToDoubleFunction traffic = t -> weekdayPeak(t) + (t >= faultStart && t < faultStart + Duration.ofMinutes(30).toMillis() ? 300 : 0);

    Run run = Run.of(DetectorSettings.traffic(), 10, new Random(SEED), traffic);

    assertThat(run.gatedConfirmations).extracting(Judgement::onsetMillis).containsExactly(
        at(0, 9, 0), at(1, 9, 0), at(2, 9, 0), faultStart);
    assertThat(run.gatedConfirmations.get(3)).isEqualTo(run.detectorConfirmationAt(faultStart));
  }

  @Test
  void aFaultOnTopOfTheDailyPeakIsConfirmedFromItsOwnFirstPoint() {
    long faultStart = at(9, 9, 30);
    LongToDoubleFunction traffic = t -> t >= faultStart && t < at(9, 10, 0) ? 500 : weekdayPeak(t);

    Run run = Run.of(DetectorSettings.traffic(), 10, new Random(SEED), traffic);

    assertThat(run.detectorConfirmations).as("to the detector alone, the peak's run goes on").extracting(Judgement::onsetMillis).doesNotContain(faultStart);
    assertThat(run.daysConfirmedWithGate).containsExactly(0, 1, 2, 9);
    assertThat(run.gatedConfirmations).last().satisfies(fault -> {
      assertThat(fault.onsetMillis()).isEqualTo(faultStart);
      assertThat(fault.observed()).isGreaterThan(PEAK_RPS * 2);
    });
  }

  @Test
  void changesNoJudgementBeforeAnHourHasThreeDays() {
    for (String kind : List.of("LATENCY", "ERRORS", "SATURATION", "LOG", "TRAFFIC", "RESOURCE")) {
      DetectorSettings settings = SignalCatalog.settingsFor(kind);
      RobustDetector alone = new RobustDetector(settings);
      RobustDetector gated = new RobustDetector(settings);
      SeasonalGate gate = new SeasonalGate(settings);
      Random random = new Random(SEED);
      double level = 50;
      int faultLeft = 0;
      double fault = 0;
      int confirmed = 0;
      for (int minute = 0; minute < 3 * MINUTES_A_DAY; minute++) {
        if (faultLeft == 0 && random.nextInt(200) == 0) {
          faultLeft = 1 + random.nextInt(150);
          fault = (random.nextBoolean() ? 1 : -0.8) * level * random.nextDouble() * 3;
        }
        double value = Math.max(0, level + (faultLeft > 0 ? fault : 0) + random.nextGaussian() * 2);
        faultLeft = Math.max(0, faultLeft - 1);
        if (random.nextInt(1000) == 0) {
          level *= 0.5 + random.nextDouble() * 1.5; // a lasting shift
        }
        long t = MONDAY.plus(MINUTE.multipliedBy(minute)).toEpochMilli();
        Judgement expected = alone.observe(t, value);
        confirmed += expected.verdict() == CONFIRMED ? 1 : 0;

        assertThat(gate.judge(t, t, value, gated.observe(t, value))).as("%s at minute %d", kind, minute).isEqualTo(expected);
      }
      assertThat(confirmed).as("%s anomalies confirmed", kind).isGreaterThan(5);
    }
  }

  @Test
  void holdsTheSameStateAfterTenDaysAsAfterOneHour() throws IOException {
    SeasonalGate gate = new SeasonalGate(DetectorSettings.traffic());
    RobustDetector detector = new RobustDetector(DetectorSettings.traffic());
    Random random = new Random(SEED);
    int afterAnHour = 0;
    for (int minute = 0; minute < 10 * MINUTES_A_DAY; minute++) {
      long t = MONDAY.plus(MINUTE.multipliedBy(minute)).toEpochMilli();
      double value = weekdayPeak(t) + random.nextGaussian() * NOISE_RPS;
      gate.judge(t, t, value, detector.observe(t, value));
      if (minute == 60) {
        afterAnHour = serialisedSize(gate);
      }
    }

    // Java serialisation adds the class descriptions of the gate and its settings to the 1.3 KB.
    assertThat(serialisedSize(gate)).isEqualTo(afterAnHour).isLessThan(2048);
  }

  @Test
  void anHourWithFewerPointsThanThePersistenceNeverWarmsItsSlot() {
    DetectorSettings traffic = DetectorSettings.traffic();
    SeasonalGate gate = new SeasonalGate(traffic);
    RobustDetector alone = new RobustDetector(traffic);
    RobustDetector gated = new RobustDetector(traffic);
    Random random = new Random(SEED);
    for (int day = 0; day < 10; day++) {
      for (int hour = 0; hour < 24; hour++) {
        for (int point = 0; point < traffic.persistence() - 1; point++) {
          long t = at(day, hour, 20 * point);
          double value = weekdayPeak(t) * (random.nextInt(20) == 0 ? 4 : 1) + random.nextGaussian() * NOISE_RPS;
          Judgement expected = alone.observe(t, value);

          assertThat(gate.judge(t, t, value, gated.observe(t, value))).isEqualTo(expected);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Traffic that doubles from 9:00 to 10:00 on working days. */
  private static double weekdayPeak(long timestampMillis) {
    var time = Instant.ofEpochMilli(timestampMillis).atOffset(ZoneOffset.UTC);
    boolean workingDay = time.getDayOfWeek() != DayOfWeek.SATURDAY && time.getDayOfWeek() != DayOfWeek.SUNDAY;
    return workingDay && time.getHour() == 9 ? PEAK_RPS : USUAL_RPS;
  }

  private static long at(int day, int hour, int minute) {
    return MONDAY.plus(Duration.ofDays(day).plusHours(hour).plusMinutes(minute)).toEpochMilli();
  }

  private static int serialisedSize(SeasonalGate gate) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(gate);
    }
    return bytes.size();
  }

  /** One series of one-minute points judged by the detector alone and by a detector behind a gate. */
  private static final class Run {
    final SortedSet<Integer> daysConfirmedByDetectorAlone = new TreeSet<>();
    final SortedSet<Integer> daysConfirmedWithGate = new TreeSet<>();
    final List<Judgement> detectorConfirmations = new ArrayList<>();
    final List<Judgement> gatedConfirmations = new ArrayList<>();

    static Run of(DetectorSettings settings, int days, Random random, LongToDoubleFunction usual) {
      Run run = new Run();
      RobustDetector alone = new RobustDetector(settings);
      RobustDetector gated = new RobustDetector(settings);
      SeasonalGate gate = new SeasonalGate(settings);
      for (int minute = 0; minute < days * MINUTES_A_DAY; minute++) {
        long t = MONDAY.plus(MINUTE.multipliedBy(minute)).toEpochMilli();
        double value = usual.applyAsDouble(t) + random.nextGaussian() * NOISE_RPS;
        Judgement byDetector = alone.observe(t, value);
        Judgement withGate = gate.judge(t, t, value, gated.observe(t, value));
        if (byDetector.verdict() == CONFIRMED) {
          run.detectorConfirmations.add(byDetector);
          run.daysConfirmedByDetectorAlone.add(minute / MINUTES_A_DAY);
        }
        if (withGate.verdict() == CONFIRMED) {
          run.gatedConfirmations.add(withGate);
          run.daysConfirmedWithGate.add(minute / MINUTES_A_DAY);
        }
      }
      return run;
    }

    Judgement detectorConfirmationAt(long onsetMillis) {
      return detectorConfirmations.stream().filter(j -> j.onsetMillis() == onsetMillis).findFirst().orElseThrow();
    }
  }
}
