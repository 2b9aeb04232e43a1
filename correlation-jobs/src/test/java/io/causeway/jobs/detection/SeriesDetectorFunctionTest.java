package io.causeway.jobs.detection;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeriesDetectorFunctionTest {

  private static final Duration SERIES_TTL = Duration.ofHours(6);
  private static final int REMIND_EVERY = 3;
  private static final Duration STEP = Duration.ofSeconds(5);

  private static final String SERVICE = "productcatalogservice";
  private static final String LATENCY = SERVICE + "/red.latency.p90";
  private static final String ERRORS = SERVICE + "/red.error.ratio";

  /** Point i of a series is the window ending at FIRST_POINT + i·5s. */
  private static final Instant FIRST_POINT = Instant.parse("2025-03-01T10:00:05Z");

  /** p90 latency in ms of a healthy catalog; the detector needs eight points to warm up. */
  private static final double[] WARM_UP = {20, 21, 19, 20.5, 19.5, 22, 18, 20};

  /** Points 8 and 9 are normal; the fault lifts p90 latency to 60 ms from point 10. */
  private static final int FAULT_POINT = 10;

  private static final double FAULTY_MS = 60.0;

  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void staysSilentWhileWarmingUpAndOnNormalPoints() throws Exception {
    harness = open(null);

    warmUpLatency();
    processLatency(8, 20.2);
    processLatency(9, 19.8);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void confirmsALatencyAnomalyOnItsThirdPointWithOnsetAtTheStartOfTheFirst() throws Exception {
    harness = open(null);
    warmUpLatency();
    processLatency(8, 20.2);
    processLatency(9, 19.8);

    processLatency(FAULT_POINT, FAULTY_MS);
    processLatency(FAULT_POINT + 1, FAULTY_MS);
    assertThat(harness.extractOutputValues()).as("two anomalous points are not yet an anomaly").isEmpty();
    processLatency(FAULT_POINT + 2, FAULTY_MS);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.getId()).isEqualTo(SeriesDetectorFunction.anomalyId(LATENCY, windowStartOf(FAULT_POINT).toEpochMilli()));
              assertThat(anomaly.getService()).isEqualTo(SERVICE);
              assertThat(anomaly.getSignal()).isEqualTo("red.latency.p90");
              assertThat(anomaly.getKind()).isEqualTo(SignalKind.LATENCY);
              assertThat(anomaly.getOnset()).as("its window's start").isEqualTo(windowStartOf(FAULT_POINT));
              assertThat(anomaly.getDetectedAt()).isEqualTo(at(FAULT_POINT + 2));
              assertThat(anomaly.getObserved()).isEqualTo(FAULTY_MS);
              assertThat(anomaly.getExpected()).isEqualTo(20.0);
              assertThat(anomaly.getScore()).isGreaterThan(5.0);
              assertThat(anomaly.getEdge()).isNull();
            });
  }

  @Test
  void remindsEveryFewOngoingPointsWithTheSameId() throws Exception {
    harness = open(null);
    warmUpLatency();

    for (int i = FAULT_POINT; i <= FAULT_POINT + 2 + 2 * REMIND_EVERY; i++) {
      processLatency(i, FAULTY_MS);
    }

    List<Anomaly> reports = harness.extractOutputValues();
    assertThat(reports).hasSize(3);
    assertThat(reports).extracting(Anomaly::getId).containsOnly(reports.get(0).getId());
    assertThat(reports).extracting(Anomaly::getOnset).containsOnly(windowStartOf(FAULT_POINT));
    assertThat(reports)
        .extracting(Anomaly::getDetectedAt)
        .containsExactly(at(FAULT_POINT + 2), at(FAULT_POINT + 2 + REMIND_EVERY), at(FAULT_POINT + 2 + 2 * REMIND_EVERY));
  }

  @Test
  void doesNotReportALatencyDrop() throws Exception {
    harness = open(null);
    warmUpLatency();

    for (int i = FAULT_POINT; i < FAULT_POINT + 10; i++) {
      processLatency(i, 2.0);
    }

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void doesNotReportASpikeShorterThanThePersistenceRule() throws Exception {
    harness = open(null);
    warmUpLatency();

    processLatency(FAULT_POINT, FAULTY_MS);
    processLatency(FAULT_POINT + 1, FAULTY_MS);
    processLatency(FAULT_POINT + 2, 20.0);
    processLatency(FAULT_POINT + 3, FAULTY_MS);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void givesAFaultThatReturnsAfterRecoveryANewId() throws Exception {
    harness = open(null);
    warmUpLatency();
    IntStream.range(FAULT_POINT, FAULT_POINT + 3).forEach(i -> processLatency(i, FAULTY_MS));
    IntStream.range(FAULT_POINT + 3, FAULT_POINT + 6).forEach(i -> processLatency(i, 20.0)); // recovered
    IntStream.range(FAULT_POINT + 6, FAULT_POINT + 9).forEach(i -> processLatency(i, FAULTY_MS));

    assertThat(harness.extractOutputValues())
        .extracting(Anomaly::getOnset)
        .containsExactly(windowStartOf(FAULT_POINT), windowStartOf(FAULT_POINT + 6));
    assertThat(harness.extractOutputValues()).extracting(Anomaly::getId).doesNotHaveDuplicates();
  }

  @Test
  void judgesEachSeriesOnItsOwn() throws Exception {
    harness = open(null);
    warmUpLatency();
    for (int i = 0; i < FAULT_POINT + 3; i++) {
      harness.processElement(new SeriesPoint(ERRORS, SERVICE, "red.error.ratio", "ERRORS", at(i).toEpochMilli(), 0.01, null), at(i).toEpochMilli());
    }

    IntStream.range(FAULT_POINT, FAULT_POINT + 3).forEach(i -> processLatency(i, FAULTY_MS));

    assertThat(harness.extractOutputValues()).extracting(Anomaly::getSignal).containsExactly("red.latency.p90");
    assertThat(keysWithState(harness, "detector")).isEqualTo(2);
  }

  @Test
  void confirmsAnAnomalyThatStartedBeforeASnapshotAndRestoreOnRocksDb() throws Exception {
    harness = open(null);
    warmUpLatency();
    processLatency(FAULT_POINT, FAULTY_MS);
    processLatency(FAULT_POINT + 1, FAULTY_MS);
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(FAULT_POINT + 1).toEpochMilli());
    harness.close();

    harness = open(snapshot);
    processLatency(FAULT_POINT + 2, FAULTY_MS);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(anomaly -> assertThat(anomaly.getOnset()).isEqualTo(windowStartOf(FAULT_POINT)));
  }

  @Test
  void startsAnAnomalyRightAfterThePointBeforeItAcrossASnapshotAndRestore() throws Exception {
    harness = open(null);
    warmUpLatency();
    processLatency(8, 20.2);
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(8).toEpochMilli());
    harness.close();

    harness = open(snapshot);
    IntStream.range(FAULT_POINT, FAULT_POINT + 3).forEach(i -> processLatency(i, FAULTY_MS));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .as("point 9 never came: the fault began after point 8, at most one spacing before point 10")
        .satisfies(anomaly -> assertThat(anomaly.getOnset()).isEqualTo(windowStartOf(FAULT_POINT)));
  }

  @Test
  void reportsADailyTrafficPeakOnlyUntilItsHourHasThreeDaysAndKeepsOneGatePerSeries() throws Exception {
    harness = open(null);
    Instant monday = Instant.parse("2025-03-03T00:00:00Z");
    String traffic = SERVICE + "/red.request.rate";
    Random random = new Random(42);
    for (int minute = 0; minute < 5 * 24 * 60; minute++) {
      Instant at = monday.plus(Duration.ofMinutes(minute));
      double rps = (at.atOffset(ZoneOffset.UTC).getHour() == 9 ? 200 : 100) + random.nextGaussian() * 2;
      harness.processElement(new SeriesPoint(traffic, SERVICE, "red.request.rate", "TRAFFIC", at.toEpochMilli(), rps, null), at.toEpochMilli());
    }

    assertThat(harness.extractOutputValues())
        .extracting(Anomaly::getOnset)
        .as("Monday to Wednesday from the minute that the 9:00 point stands for; Thursday and Friday are usual")
        .containsOnly(
            monday.plus(Duration.ofHours(9)).minus(Duration.ofMinutes(1)),
            monday.plus(Duration.ofHours(33)).minus(Duration.ofMinutes(1)),
            monday.plus(Duration.ofHours(57)).minus(Duration.ofMinutes(1)));
    assertThat(keysWithState(harness, "seasonal-gate")).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------

  private static KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> open(OperatorSubtaskState snapshot) throws Exception {
    return Harnesses.keyed(
        new SeriesDetectorFunction(SERIES_TTL, REMIND_EVERY), SeriesPoint::seriesId, Types.STRING, Backend.ROCKSDB, snapshot, null);
  }

  private void warmUpLatency() {
    for (int i = 0; i < WARM_UP.length; i++) {
      processLatency(i, WARM_UP[i]);
    }
  }

  private void processLatency(int index, double millis) {
    long at = at(index).toEpochMilli();
    try {
      harness.processElement(new SeriesPoint(LATENCY, SERVICE, "red.latency.p90", "LATENCY", at, millis, null), at);
    } catch (Exception e) {
      throw new IllegalStateException("point " + index + " failed", e);
    }
  }

  private static Instant at(int index) {
    return FIRST_POINT.plus(STEP.multipliedBy(index));
  }

  /** Where the window of point {@code index} began: the end of the one before. */
  private static Instant windowStartOf(int index) {
    return at(index).minus(STEP);
  }
}
