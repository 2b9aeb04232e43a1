package io.causeway.core.detection;

import static io.causeway.core.detection.Judgement.Verdict.CONFIRMED;
import static io.causeway.core.detection.Judgement.Verdict.NORMAL;
import static io.causeway.core.detection.Judgement.Verdict.ONGOING;
import static io.causeway.core.detection.Judgement.Verdict.RECOVERED;
import static io.causeway.core.detection.Judgement.Verdict.SUSPECT;
import static io.causeway.core.detection.Judgement.Verdict.WARMING_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustDetectorTest {

  private static final Instant SERIES_START = Instant.parse("2025-03-14T09:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final long SEED = 42L;
  private static final double NORMAL_MS = 100.0;
  private static final double NOISE_MS = 2.0;
  private static final double FAULT_MS = 300.0;
  private static final int BASELINE_POINTS = 30;

  /** Latency-like: up only, +50% and +5 ms, confirmed after 3, recovered after 3, accepted after 20. */
  private static final DetectorSettings SETTINGS =
      new DetectorSettings(30, 8, 5.0, 0.5, 5.0, 3, 3, 20, Direction.UP);

  @Test
  void judgesNothingUntilTheBaselineHoldsMinBaselinePoints() {
    Series series = new Series(SETTINGS);

    List<Judgement> warmUp = series.noisy(NORMAL_MS, 8);
    Judgement first = series.next(NORMAL_MS);

    assertThat(warmUp).extracting(Judgement::verdict).containsOnly(WARMING_UP);
    assertThat(first.verdict()).isEqualTo(NORMAL);
    assertThat(first.expected()).isCloseTo(NORMAL_MS, within(3 * NOISE_MS));
  }

  @Test
  void spikesTheSeriesHasEverySoOftenAreNotNewsButAHigherLevelIs() {
    RobustDetector detector = new RobustDetector(DetectorSettings.latency());
    long t = 0;
    for (int i = 0; i < 60; i++) {
      detector.observe(t++, i % 10 == 0 ? 29_000 : 5 + (i % 3));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(detector.observe(t++, 29_000).verdict()).as("a timeout, as it often is").isEqualTo(NORMAL);
    }
    List<Judgement.Verdict> beyond = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      beyond.add(detector.observe(t++, 90_000).verdict());
    }
    assertThat(beyond).as("beyond anything the baseline holds").containsExactly(SUSPECT, SUSPECT, CONFIRMED);
  }

  @Test
  void aSingleSpikeIsSuspectButNeverConfirmed() {
    Series series = Series.warmedUp(SETTINGS);

    Judgement spike = series.next(FAULT_MS);
    List<Judgement> after = series.noisy(NORMAL_MS, 10);

    assertThat(spike.verdict()).isEqualTo(SUSPECT);
    assertThat(spike.isReportable()).isFalse();
    assertThat(after).extracting(Judgement::verdict).containsOnly(NORMAL);
  }

  @Test
  void anomalousPointsMustBeConsecutiveToBeConfirmed() {
    Series series = Series.warmedUp(SETTINGS);
    List<Judgement> judgements = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      judgements.addAll(series.noisy(FAULT_MS, 2));
      judgements.addAll(series.noisy(NORMAL_MS, 1));
    }

    assertThat(judgements).extracting(Judgement::verdict).containsOnly(SUSPECT, NORMAL).doesNotContain(CONFIRMED);
  }

  @Test
  void confirmsASustainedShiftAtThePersistencePointWithOnsetAtItsFirstPoint() {
    Series series = Series.warmedUp(SETTINGS);
    long firstAnomalous = series.nextTimestamp();

    List<Judgement> shift = series.noisy(FAULT_MS, 3);

    assertThat(shift).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, CONFIRMED);
    Judgement confirmed = shift.get(2);
    assertThat(confirmed.isReportable()).isTrue();
    assertThat(confirmed.onsetMillis()).isEqualTo(firstAnomalous).isNotEqualTo(series.lastTimestamp());
    assertThat(confirmed.expected()).isCloseTo(NORMAL_MS, within(3 * NOISE_MS));
    assertThat(confirmed.observed()).isCloseTo(FAULT_MS, within(5 * NOISE_MS));
    assertThat(confirmed.score())
        .as("the run's peak score")
        .isEqualTo(shift.stream().mapToDouble(Judgement::score).map(Math::abs).max().orElseThrow())
        .isGreaterThanOrEqualTo(SETTINGS.threshold());
  }

  @Test
  void staysOngoingWithTheSameOnsetWhileTheShiftLasts() {
    Series series = Series.warmedUp(SETTINGS);
    long firstAnomalous = series.nextTimestamp();
    series.noisy(FAULT_MS, 3);

    List<Judgement> ongoing = series.noisy(FAULT_MS, 10);

    assertThat(ongoing).extracting(Judgement::verdict).containsOnly(ONGOING);
    assertThat(ongoing).extracting(Judgement::onsetMillis).containsOnly(firstAnomalous);
    assertThat(ongoing).allMatch(Judgement::isReportable);
  }

  @Test
  void recoversAfterRecoveryConsecutiveNormalPoints() {
    Series series = Series.warmedUp(SETTINGS);
    series.noisy(FAULT_MS, 6);

    List<Judgement> back = series.noisy(NORMAL_MS, 5);

    assertThat(back).extracting(Judgement::verdict).containsExactly(ONGOING, ONGOING, RECOVERED, NORMAL, NORMAL);
    assertThat(back.get(2).isReportable()).isFalse();
  }

  @Test
  void anAnomalousPointDuringRecoveryRestartsTheCount() {
    Series series = Series.warmedUp(SETTINGS);
    series.noisy(FAULT_MS, 3);

    List<Judgement> judgements = new ArrayList<>();
    judgements.addAll(series.noisy(NORMAL_MS, 2));
    judgements.add(series.next(FAULT_MS));
    judgements.addAll(series.noisy(NORMAL_MS, 3));

    assertThat(judgements)
        .extracting(Judgement::verdict)
        .containsExactly(ONGOING, ONGOING, ONGOING, ONGOING, ONGOING, RECOVERED);
  }

  @Test
  void directionUpIgnoresDrops() {
    Series series = Series.warmedUp(SETTINGS);

    assertThat(series.noisy(10.0, 10)).extracting(Judgement::verdict).containsOnly(NORMAL);
  }

  @Test
  void directionDownCountsDropsAndIgnoresRises() {
    DetectorSettings down = new DetectorSettings(30, 8, 5.0, 0.5, 5.0, 3, 3, 20, Direction.DOWN);

    Series rising = Series.warmedUp(down);
    Series falling = Series.warmedUp(down);

    assertThat(rising.noisy(FAULT_MS, 5)).extracting(Judgement::verdict).containsOnly(NORMAL);
    assertThat(falling.noisy(10.0, 3)).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, CONFIRMED);
  }

  @Test
  void directionBothCountsRisesAndDrops() {
    DetectorSettings both = new DetectorSettings(30, 8, 5.0, 0.5, 5.0, 3, 3, 20, Direction.BOTH);

    assertThat(Series.warmedUp(both).noisy(FAULT_MS, 3)).extracting(Judgement::verdict).endsWith(CONFIRMED);
    assertThat(Series.warmedUp(both).noisy(10.0, 3)).extracting(Judgement::verdict).endsWith(CONFIRMED);
  }

  @Test
  void theMinimumRelativeChangeSuppressesSmallShiftsOnAFlatBaseline() {
    Series series = Series.flat(DetectorSettings.latency(), NORMAL_MS);

    List<Judgement> fortyPercentUp = series.constant(140.0, 5);
    List<Judgement> sixtyPercentUp = series.constant(160.0, 3);

    assertThat(fortyPercentUp).extracting(Judgement::verdict).containsOnly(NORMAL);
    assertThat(fortyPercentUp.get(0).score()).as("far beyond the threshold, yet too small an effect").isGreaterThan(5.0);
    assertThat(sixtyPercentUp).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, CONFIRMED);
  }

  @Test
  void theMinimumAbsoluteChangeSuppressesSmallShiftsOnAFlatZeroErrorRatio() {
    Series series = Series.flat(DetectorSettings.errorRatio(), 0.0);

    assertThat(series.constant(0.03, 5)).extracting(Judgement::verdict).containsOnly(NORMAL);
    assertThat(series.constant(0.08, 3)).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, CONFIRMED);
  }

  @Test
  void aFlatBaselineIsNotInfinitelySharp() {
    DetectorSettings noMinimumEffect = new DetectorSettings(30, 8, 5.0, 0.0, 0.0, 3, 3, 20, Direction.UP);
    Series series = Series.flat(noMinimumEffect, NORMAL_MS);

    Judgement fourPercent = series.next(104.0);
    Judgement sixPercent = series.next(106.0);

    assertThat(fourPercent.verdict()).isEqualTo(NORMAL);
    assertThat(fourPercent.score()).isCloseTo(4.0, within(1e-9));
    assertThat(sixPercent.verdict()).isEqualTo(SUSPECT);
    assertThat(sixPercent.score()).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void aLevelPersistingAcceptAfterPointsBecomesTheNewNormal() {
    Series series = Series.warmedUp(SETTINGS);
    long firstAnomalous = series.nextTimestamp();

    List<Judgement> run = series.noisy(FAULT_MS, SETTINGS.acceptAfter());
    List<Judgement> afterwards = series.noisy(FAULT_MS, 10);

    assertThat(run.subList(0, SETTINGS.acceptAfter() - 1)).extracting(Judgement::verdict).doesNotContain(RECOVERED);
    Judgement accepted = run.get(SETTINGS.acceptAfter() - 1);
    assertThat(accepted.verdict()).isEqualTo(RECOVERED);
    assertThat(accepted.onsetMillis()).isEqualTo(firstAnomalous);
    assertThat(afterwards).extracting(Judgement::verdict).containsOnly(NORMAL);
    assertThat(afterwards.get(0).expected()).isCloseTo(FAULT_MS, within(3 * NOISE_MS));
  }

  @Test
  void anomalousPointsStayOutOfTheBaseline() {
    Series series = Series.warmedUp(SETTINGS);

    List<Judgement> run = series.noisy(FAULT_MS, SETTINGS.acceptAfter() - 1);
    Judgement firstBack = series.next(NORMAL_MS);

    double before = run.get(0).expected();
    assertThat(run).extracting(Judgement::expected).containsOnly(before);
    assertThat(firstBack.expected()).isEqualTo(before);
    assertThat(before).isCloseTo(NORMAL_MS, within(3 * NOISE_MS));
  }

  @Test
  void aNonFiniteValueNeitherCountsNorBreaksARun() {
    Series series = Series.warmedUp(SETTINGS);

    List<Judgement> judgements = new ArrayList<>(series.noisy(FAULT_MS, 2));
    judgements.add(series.next(Double.NaN));
    judgements.add(series.next(Double.POSITIVE_INFINITY));
    judgements.add(series.next(FAULT_MS));

    assertThat(judgements).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, NORMAL, NORMAL, CONFIRMED);
  }

  @Test
  void defaultLatencySettingsConfirmAFourfoldSlowdownOnTheThirdWindow() {
    Series series = new Series(DetectorSettings.latency());
    series.noisy(80.0, 60);
    long firstAnomalous = series.nextTimestamp();

    List<Judgement> slow = series.noisy(320.0, 3);

    assertThat(slow).extracting(Judgement::verdict).containsExactly(SUSPECT, SUSPECT, CONFIRMED);
    assertThat(slow.get(2).onsetMillis()).isEqualTo(firstAnomalous);
  }

  @Test
  void carriesItsRunThroughSerialisation() throws Exception {
    Series series = Series.warmedUp(SETTINGS);
    long firstAnomalous = series.nextTimestamp();
    series.noisy(FAULT_MS, 2);

    RobustDetector restored = roundTrip(series.detector);
    Judgement third = restored.observe(series.nextTimestamp(), FAULT_MS);

    assertThat(third.verdict()).isEqualTo(CONFIRMED);
    assertThat(third.onsetMillis()).isEqualTo(firstAnomalous);
  }

  private static RobustDetector roundTrip(RobustDetector detector) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(detector);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (RobustDetector) in.readObject();
    }
  }

  /** One series fed a point per window from {@link #SERIES_START}, with seeded noise. */
  private static final class Series {
    private final RobustDetector detector;
    private final Random random = new Random(SEED);
    private int points;

    Series(DetectorSettings settings) {
      this.detector = new RobustDetector(settings);
    }

    static Series warmedUp(DetectorSettings settings) {
      Series series = new Series(settings);
      series.noisy(NORMAL_MS, BASELINE_POINTS);
      return series;
    }

    static Series flat(DetectorSettings settings, double level) {
      Series series = new Series(settings);
      series.constant(level, BASELINE_POINTS);
      return series;
    }

    long nextTimestamp() {
      return SERIES_START.plus(WINDOW.multipliedBy(points)).toEpochMilli();
    }

    long lastTimestamp() {
      return SERIES_START.plus(WINDOW.multipliedBy(points - 1)).toEpochMilli();
    }

    Judgement next(double value) {
      Judgement judgement = detector.observe(nextTimestamp(), value);
      points++;
      return judgement;
    }

    List<Judgement> noisy(double level, int count) {
      List<Judgement> judgements = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        judgements.add(next(level + random.nextGaussian() * NOISE_MS));
      }
      return judgements;
    }

    List<Judgement> constant(double level, int count) {
      List<Judgement> judgements = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        judgements.add(next(level));
      }
      return judgements;
    }
  }

  @Test
  void returningToTheOldLevelAfterALongDropRaisesNoAnomaly() {
    // a service failing fast answers quicker: 40 windows at a tenth of its usual latency
    Series series = new Series(DetectorSettings.latency());
    series.noisy(NORMAL_MS, 60);
    List<Judgement> drop = series.noisy(NORMAL_MS / 10, 40);

    List<Judgement> recovered = series.noisy(NORMAL_MS, 5);

    assertThat(drop).extracting(Judgement::verdict).containsOnly(NORMAL);
    assertThat(recovered).extracting(Judgement::verdict).containsOnly(NORMAL);
  }
}
