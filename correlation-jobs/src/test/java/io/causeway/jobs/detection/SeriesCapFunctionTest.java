package io.causeway.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DeadLetter;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import io.causeway.jobs.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeriesCapFunctionTest {

  private static final Duration SERIES_TTL = Duration.ofHours(6);
  private static final String CONSUMER = "causeway-detection";
  private static final String CATALOG = "productcatalogservice";
  private static final String CART = "cartservice";

  /** Point i of a series is the window ending at FIRST_POINT + i·5s. */
  private static final Instant FIRST_POINT = Instant.parse("2025-03-01T10:00:05Z");
  private static final Duration STEP = Duration.ofSeconds(5);

  /** Processing time of the first point; tests move it to expire state and space out notes. */
  private static final Instant WALL_START = Instant.parse("2025-03-01T10:00:00Z");

  private final RecordingMetrics metrics = new RecordingMetrics();
  private final List<SeriesPoint> admitted = new ArrayList<>();
  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, SeriesPoint> cap;
  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> detectors;

  @AfterEach
  void closeHarnesses() throws Exception {
    if (cap != null) {
      cap.close();
    }
    if (detectors != null) {
      detectors.close();
    }
  }

  @Test
  void refusesNewSeriesOfAServiceBeyondTheCapCountsEveryRefusedPointAndNotesItOnce() throws Exception {
    openCap(3);

    for (int i = 0; i < 2; i++) {
      for (int pod = 0; pod < 5; pod++) {
        process(cpu(CATALOG, pod, i));
      }
      process(cpu(CART, 0, i));
    }

    assertThat(admitted)
        .extracting(SeriesPoint::seriesId)
        .containsExactly(
            cpuSeries(CATALOG, 0), cpuSeries(CATALOG, 1), cpuSeries(CATALOG, 2), cpuSeries(CART, 0),
            cpuSeries(CATALOG, 0), cpuSeries(CATALOG, 1), cpuSeries(CATALOG, 2), cpuSeries(CART, 0));
    assertThat(metrics.causewayCounter("seriesRefused")).as("pods 3 and 4, two points each").isEqualTo(4);
    assertThat(notes())
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.getReason()).isEqualTo(SeriesCapFunction.REASON);
              assertThat(note.getSourceTopic()).isEqualTo("series:" + CATALOG);
              assertThat(note.getConsumer()).isEqualTo(CONSUMER);
              assertThat(note.getError())
                  .contains(CATALOG, "cap of 3 series", "causeway.detection.max-series-per-service", cpuSeries(CATALOG, 3));
              assertThat(utf8(note.getRawValue().array())).isEqualTo(cpuSeries(CATALOG, 3));
              assertThat(note.getTime()).isEqualTo(at(0));
            });
  }

  @Test
  void seriesWithinTheCapAreStillJudged() throws Exception {
    openCap(2);
    detectors = Harnesses.keyed(new SeriesDetectorFunction(SERIES_TTL, 6), SeriesPoint::seriesId, Types.STRING);
    double[] warmUp = {20, 21, 19, 20.5, 19.5, 22, 18, 20, 20.2, 19.8};

    for (int i = 0; i < warmUp.length + 3; i++) {
      double latency = i < warmUp.length ? warmUp[i] : 60.0;
      judge(new SeriesPoint(CATALOG + "/red.latency.p90", CATALOG, "red.latency.p90", "LATENCY", at(i).toEpochMilli(), latency, null));
      judge(new SeriesPoint(CATALOG + "/red.error.ratio", CATALOG, "red.error.ratio", "ERRORS", at(i).toEpochMilli(), 0.01, null));
      judge(cpu(CATALOG, i, i)); // a new pod label on every point: refused, every time
    }

    assertThat(detectors.extractOutputValues())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.getSignal()).isEqualTo("red.latency.p90");
              assertThat(anomaly.getOnset()).as("the first slow point's window start").isEqualTo(at(warmUp.length - 1));
            });
    assertThat(Harnesses.keysWithState(detectors, "detector")).as("no detector for a refused series").isEqualTo(2);
    assertThat(metrics.causewayCounter("seriesRefused")).isEqualTo(warmUp.length + 3);
    assertThat(notes()).hasSize(1);
  }

  @Test
  void notesAServiceStillOverItsCapAgainOnlyAfterAnHour() throws Exception {
    openCap(1);
    process(cpu(CATALOG, 0, 0));
    process(cpu(CATALOG, 1, 0));

    atWallTime(WALL_START.plus(SeriesCapFunction.NOTE_EVERY).minusSeconds(1));
    process(cpu(CATALOG, 0, 1));
    process(cpu(CATALOG, 2, 1));
    assertThat(notes()).hasSize(1);

    atWallTime(WALL_START.plus(SeriesCapFunction.NOTE_EVERY));
    process(cpu(CATALOG, 0, 2));
    process(cpu(CATALOG, 3, 2));

    assertThat(notes()).extracting(note -> utf8(note.getRawValue().array())).containsExactly(cpuSeries(CATALOG, 1), cpuSeries(CATALOG, 3));
    assertThat(metrics.causewayCounter("seriesRefused")).isEqualTo(3);
  }

  @Test
  void aSeriesSilentForTheSeriesTtlFreesItsPlace() throws Exception {
    openCap(2);
    String quiet = cpuSeries(CATALOG, 0);
    process(cpu(CATALOG, 0, 0)); // then silent
    Instant later = WALL_START.plus(Duration.ofHours(5));
    atWallTime(later);
    process(cpu(CATALOG, 1, 1));
    process(cpu(CATALOG, 2, 1));
    assertThat(admitted).extracting(SeriesPoint::seriesId).doesNotContain(cpuSeries(CATALOG, 2));

    // pod 1 keeps sending, pod 0 stays silent past its TTL (and the refresh slack)
    for (int hour = 6; hour <= 7; hour++) {
      atWallTime(WALL_START.plus(Duration.ofHours(hour)));
      process(cpu(CATALOG, 1, hour));
    }
    process(cpu(CATALOG, 2, 8));
    process(cpu(CATALOG, 0, 8));

    assertThat(admitted.subList(admitted.size() - 1, admitted.size()))
        .as("pod 2 takes the place pod 0 left; pod 0, back, is a new series and finds no room")
        .extracting(SeriesPoint::seriesId)
        .containsExactly(cpuSeries(CATALOG, 2));
    assertThat(admitted).filteredOn(p -> p.seriesId().equals(quiet)).hasSize(1);
    assertThat(metrics.causewayCounter("seriesRefused")).isEqualTo(2);
  }

  @Test
  void refusesACapBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SeriesCapFunction(0, SERIES_TTL, CONSUMER))
        .withMessageContaining("causeway.detection.max-series-per-service");
  }

  // ---------------------------------------------------------------------------------------------

  private void openCap(int maxSeries) throws Exception {
    cap =
        Harnesses.keyed(
            new SeriesCapFunction(maxSeries, SERIES_TTL, CONSUMER), SeriesPoint::service, Types.STRING, Backend.ROCKSDB, null,
            metrics.environment());
    atWallTime(WALL_START);
  }

  private void atWallTime(Instant wall) throws Exception {
    cap.setProcessingTime(wall.toEpochMilli());
    cap.setStateTtlProcessingTime(wall.toEpochMilli());
  }

  /** Through the cap only; what passes is remembered in {@link #admitted}. */
  private List<SeriesPoint> process(SeriesPoint point) throws Exception {
    cap.processElement(point, point.timestampMillis());
    List<SeriesPoint> passed = cap.extractOutputValues();
    cap.getOutput().clear();
    admitted.addAll(passed);
    return passed;
  }

  /** Through the cap, then what passes through the detectors. */
  private void judge(SeriesPoint point) throws Exception {
    for (SeriesPoint passed : process(point)) {
      detectors.processElement(passed, passed.timestampMillis());
    }
  }

  private List<DeadLetter> notes() {
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> notes = cap.getSideOutput(SeriesCapFunction.NOTES);
    return notes == null ? List.of() : notes.stream().map(StreamRecord::getValue).toList();
  }

  /** CPU of one pod of {@code service}: a metric series whose pod label gives it a series of its own. */
  private static SeriesPoint cpu(String service, int pod, int index) {
    return new SeriesPoint(cpuSeries(service, pod), service, "container.cpu.utilization", "SATURATION", at(index).toEpochMilli(), 0.3, null);
  }

  private static String cpuSeries(String service, int pod) {
    return service + "/container.cpu.utilization,pod=" + service + "-" + pod;
  }

  private static Instant at(int index) {
    return FIRST_POINT.plus(STEP.multipliedBy(index));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
