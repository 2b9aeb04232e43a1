package io.causeway.jobs.detection;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.Anomaly;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Span;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.core.logs.LogPathModel;
import io.causeway.jobs.Harnesses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TracePathFunction} gathers a trace's lines into a path; {@link LogPathShiftFunction} judges a service's paths. */
class LogPathFunctionsTest {

  private static final String SERVICE = "ts-route-service";
  private static final long QUIET_GAP = 5_000;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final LogPathSettings SETTINGS =
      new LogPathSettings(WINDOW, Duration.ofMillis(QUIET_GAP), 4, LogPathModel.Settings.DEFAULT, Duration.ofHours(6));
  private static final long START = Instant.parse("2023-01-29T10:00:00Z").toEpochMilli();

  private KeyedOneInputStreamOperatorTestHarness<String, TemplatedLine, LogPath> paths;
  private KeyedOneInputStreamOperatorTestHarness<String, LogPath, Anomaly> shifts;

  @AfterEach
  void close() throws Exception {
    if (paths != null) {
      paths.close();
    }
    if (shifts != null) {
      shifts.close();
    }
  }

  @Test
  void aTracesLinesBecomeOnePathInTimeOrderOnceTheTraceIsQuiet() throws Exception {
    paths = Harnesses.keyed(new TracePathFunction(QUIET_GAP, 4), TemplatedLine::pathKey, Types.STRING);

    line("t1", START + 300, "found");
    line("t1", START + 100, "query");
    line("t2", START + 200, "query");
    paths.processWatermark(START + 4_000);
    line("t1", START + 4_500, "priced"); // still within the gap: the path waits for it
    paths.processWatermark(START + 5_300);

    assertThat(pathsOut()).as("t2 was quiet for the gap, t1 not yet")
        .containsExactly(new LogPath(SERVICE, START + 200, START + 200, List.of("query"), List.of("text of query")));

    paths.processWatermark(START + 9_500);

    assertThat(pathsOut()).hasSize(2);
    assertThat(pathsOut().get(1).templateIds()).containsExactly("query", "found", "priced");
    assertThat(pathsOut().get(1).firstAt()).isEqualTo(START + 100);
    assertThat(keysWithState(paths, "path-progress")).as("state goes with the path").isZero();
  }

  @Test
  void aPathStartsWithTheFirstSpanTheServiceServedInTheTrace() throws Exception {
    paths = Harnesses.keyed(new TracePathFunction(QUIET_GAP, 8), TemplatedLine::pathKey, Types.STRING);

    line("t1", START + 300, "found");
    spanStart("t1", START + 250, "queryInner");
    spanStart("t1", START + 100, "queryByIds");
    spanStart("t2", START + 200, "queryByIds"); // a request that failed before its first line
    paths.processWatermark(START + 60_000);

    assertThat(pathsOut()).extracting(LogPath::templateIds).containsExactlyInAnyOrder(
        List.of("span:queryByIds", "found"),
        List.of("span:queryByIds"));
    assertThat(pathsOut()).filteredOn(p -> p.templateIds().size() == 2).singleElement()
        .satisfies(p -> assertThat(p.templates()).containsExactly("span queryByIds starts", "text of found"));
  }

  @Test
  void aPathKeepsAtMostMaxLinesAndCountsTheRest() throws Exception {
    paths = Harnesses.keyed(new TracePathFunction(QUIET_GAP, 4), TemplatedLine::pathKey, Types.STRING);

    for (int i = 0; i < 10; i++) {
      line("loop", START + i, "retry");
    }
    paths.processWatermark(START + 60_000);

    assertThat(pathsOut()).singleElement().satisfies(p -> assertThat(p.templateIds()).hasSize(4));
  }

  @Test
  void anEarlyReturnIsOneAnomalyNamingTheLineThatNoLongerComes() throws Exception {
    shifts = Harnesses.keyed(new LogPathShiftFunction(SETTINGS), LogPath::service, Types.STRING);
    for (int minute = 0; minute < 10; minute++) {
      minuteOf(minute, 20, 0);
    }
    assertThat(anomalies()).as("usual paths are no news").isEmpty();

    minuteOf(10, 2, 18);
    minuteOf(11, 0, 20);

    Anomaly shift = anomalies().get(0);
    assertThat(anomalies()).as("a shift that goes on is reported once").hasSize(1);
    assertThat(shift.getService()).isEqualTo(SERVICE);
    assertThat(shift.getSignal()).isEqualTo(SignalCatalog.LOG_PATH_SHIFT);
    assertThat(shift.getKind()).isEqualTo(SignalKind.LOG);
    assertThat(shift.getOnset().toEpochMilli()).as("the window's first path that stopped early").isEqualTo(START + 10 * 60_000 + 1_200);
    assertThat(shift.getObserved()).isEqualTo(0.1);
    assertThat(shift.getExpected()).isEqualTo(1.0);
    assertThat(shift.getScore()).isGreaterThan(LogPathModel.Settings.DEFAULT.threshold());
    assertThat(shift.getSample()).isEqualTo("after «text of found»: «text of priced» in 10% of 20 paths, usually 100%");
  }

  @Test
  void aShiftThatEndsAndComesBackIsReportedAgainWithItsNewOnset() throws Exception {
    shifts = Harnesses.keyed(new LogPathShiftFunction(SETTINGS), LogPath::service, Types.STRING);
    for (int minute = 0; minute < 10; minute++) {
      minuteOf(minute, 20, 0);
    }
    minuteOf(10, 0, 20);
    minuteOf(11, 20, 0);
    minuteOf(12, 20, 0);
    minuteOf(13, 0, 20);

    assertThat(anomalies()).extracting(a -> a.getOnset().toEpochMilli())
        .containsExactly(START + 10 * 60_000 + 1_000, START + 13 * 60_000 + 1_000);
    assertThat(anomalies().get(0).getId()).isNotEqualTo(anomalies().get(1).getId());
  }

  @Test
  void aShiftTheServiceKeepsHavingOverHoursStopsBeingReported() throws Exception {
    shifts = Harnesses.keyed(new LogPathShiftFunction(SETTINGS), LogPath::service, Types.STRING);
    List<Integer> burstMinutes = new ArrayList<>();
    for (int minute = 0; minute < 150; minute++) {
      boolean burst = minute >= 10 && minute % 30 == 10; // a burst of early returns every half hour
      minuteOf(minute, burst ? 5 : 20, burst ? 15 : 0);
      if (burst) {
        burstMinutes.add(minute);
      }
    }

    assertThat(burstMinutes).hasSize(5);
    assertThat(anomalies()).extracting(a -> (int) ((a.getOnset().toEpochMilli() - START) / 60_000))
        .as("reported while it was news: at 10, 40, 70; from 100 on it had come back 3 times over an hour")
        .containsExactly(10, 40, 70);
  }

  @Test
  void aPathThatArrivesAfterItsWindowClosedIsCountedAsLate() throws Exception {
    shifts = Harnesses.keyed(new LogPathShiftFunction(SETTINGS), LogPath::service, Types.STRING);
    minuteOf(0, 5, 0);

    shifts.processElement(new StreamRecord<>(path(START + 1_000, "query", "found", "priced"), START + 30_000));

    assertThat(anomalies()).isEmpty();
    assertThat(keysWithState(shifts, "log-path-counts")).as("nothing is kept for a closed window").isZero();
  }

  @Test
  void settingsOutOfRangeNameTheKeyToFix() {
    assertThatThrownBy(() -> new LogPathSettings(Duration.ZERO, Duration.ofMillis(QUIET_GAP), 4, LogPathModel.Settings.DEFAULT, Duration.ofHours(6)))
        .hasMessageContaining("causeway.detection.log-paths.window");
    var noThreshold = new LogPathModel.Settings(0, 5, 3, 0.98, 0.1, 100);
    assertThatThrownBy(() -> new LogPathSettings(WINDOW, Duration.ofMillis(QUIET_GAP), 4, noThreshold, Duration.ofHours(6)))
        .hasMessageContaining("causeway.detection.log-paths.threshold");
  }

  // ---------------------------------------------------------------------------------------------

  /** One minute of paths: {@code usual} that end with "priced", {@code early} that stop after "found"; then the window closes. */
  private void minuteOf(int minute, int usual, int early) throws Exception {
    long from = START + minute * 60_000L;
    for (int i = 0; i < usual + early; i++) {
      long at = from + 1_000 + i * 100L;
      LogPath path = i < usual ? path(at, "query", "found", "priced") : path(at, "query", "found");
      shifts.processElement(new StreamRecord<>(path, at + QUIET_GAP));
    }
    shifts.processWatermark(from + 60_000);
  }

  private static LogPath path(long at, String... templateIds) {
    List<String> ids = new ArrayList<>(List.of(templateIds));
    List<String> texts = new ArrayList<>(ids.stream().map(id -> "text of " + id).toList());
    return new LogPath(SERVICE, at, at + 10, ids, texts);
  }

  private void line(String traceId, long at, String templateId) throws Exception {
    paths.processElement(new StreamRecord<>(new TemplatedLine(SERVICE, traceId, at, templateId, "text of " + templateId), at));
  }

  private void spanStart(String traceId, long at, String operation) throws Exception {
    Span span = Span.newBuilder().setTraceId(traceId).setSpanId(traceId + at).setService(SERVICE).setOperation(operation).setKind(io.causeway.avro.SpanKind.UNSPECIFIED).setStatus(io.causeway.avro.SpanStatus.UNSET)
        .setStartTime(Instant.ofEpochMilli(at)).setDurationMicros(1_000).setAttributes(java.util.Map.of()).build();
    paths.processElement(new StreamRecord<>(TemplatedLine.spanStart(span), at));
  }

  private List<LogPath> pathsOut() {
    return paths.extractOutputValues();
  }

  private List<Anomaly> anomalies() {
    return shifts.extractOutputValues();
  }
}
