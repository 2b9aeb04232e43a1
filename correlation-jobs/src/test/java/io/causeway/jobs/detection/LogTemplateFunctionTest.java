package io.causeway.jobs.detection;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.Anomaly;
import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.core.logs.MinerSettings;
import io.causeway.core.logs.TemplateMiner;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.JobSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTemplateFunctionTest {

  private static final String SERVICE = "cartservice";
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final int WARM_UP_LINES = 20;
  private static final int CONFIRM_LINES = 3;
  private static final Duration CONFIRM_WITHIN = Duration.ofMinutes(1);
  private static final LogTemplateSettings SETTINGS = settings(WARM_UP_LINES, CONFIRM_LINES, MinerSettings.DEFAULT);

  /** Window i is [START + 5i s, START + 5(i+1) s). */
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  private static final String NPE =
      "Unhandled exception in /hipstershop.CartService/GetCart for user %s: NullReferenceException: Object reference not set to an instance of an object.";
  private static final String REDIS_DOWN =
      "StackExchange.Redis.RedisConnectionException: No connection is active/available to service this operation: HGET user %s";
  private static final String SLOW_CALL = "slow call to redis-cart HGET took %d ms";

  private final Random random = new Random(7);
  private KeyedOneInputStreamOperatorTestHarness<String, LogRecord, SeriesPoint> harness;
  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> detector;

  @AfterEach
  void closeHarnesses() throws Exception {
    if (harness != null) {
      harness.close();
    }
    if (detector != null) {
      detector.close();
    }
  }

  @Test
  void aNewErrorTemplateProducesExactlyOneAnomalyHoweverManyLinesCarryIt() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);

    Instant first = inWindow(1, 100);
    process(Severity.ERROR, NPE.formatted(user()), first);
    for (int window = 1; window <= 4; window++) {
      for (int i = 1; i < 10; i++) {
        process(Severity.ERROR, NPE.formatted(user()), inWindow(window, 200 + i));
      }
      closeWindow(window);
    }

    assertThat(newTemplates())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.getService()).isEqualTo(SERVICE);
              assertThat(anomaly.getSignal()).isEqualTo("log.new-template");
              assertThat(anomaly.getKind()).isEqualTo(SignalKind.LOG);
              assertThat(anomaly.getOnset()).isEqualTo(first);
              assertThat(anomaly.getDetectedAt()).as("confirmed by its third line").isEqualTo(inWindow(1, 202));
              assertThat(anomaly.getObserved()).isEqualTo(3.0);
              assertThat(anomaly.getSample())
                  .startsWith("template: Unhandled exception in <*> for user <*>: NullReferenceException: Object reference not set")
                  .contains(" | line: Unhandled exception in /hipstershop.CartService/GetCart for user ");
              assertThat(anomaly.getScore()).isEqualTo(LogTemplateSignals.NEW_TEMPLATE_SCORE);
            });
  }

  @Test
  void aRareBackgroundErrorOnABusyServiceIsNoNewTemplateAnomaly() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);

    for (int i = 0; i < 3; i++) {
      process(Severity.ERROR, NPE.formatted(user()), inWindow(1, 100 + i * 1000));
      for (int busy = 0; busy < 200; busy++) { // 3 lines among ~400: under 1%
        process(Severity.INFO, "served /cart for user " + user() + " in " + random.nextInt(90) + " ms", inWindow(1, 101 + i * 1000 + busy));
      }
    }
    closeWindow(1);

    assertThat(newTemplates()).as("three resets among hundreds of lines are how the service always is").isEmpty();
  }

  @Test
  void reportsNoNewTemplateDuringWarmUpNorForATemplateLearnedInIt() throws Exception {
    harness = open(SETTINGS, null);

    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(0, 10));
    warmUp(0);
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(1, 10));
    assertThat(newTemplates()).as("learned during warm-up").isEmpty();

    process(Severity.WARN, SLOW_CALL.formatted(840), inWindow(1, 20));
    process(Severity.WARN, SLOW_CALL.formatted(910), inWindow(1, 30));
    process(Severity.WARN, SLOW_CALL.formatted(1270), inWindow(1, 40));

    assertThat(newTemplates()).extracting(Anomaly::getSample).singleElement().asString().startsWith("template: slow call to redis-cart");
  }

  @Test
  void reportsNothingForNewInfoTemplates() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);

    process(Severity.INFO, "EmptyCartAsync called with userId=" + user(), inWindow(1, 10));

    assertThat(newTemplates()).isEmpty();
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void templateIdsAndNewTemplatesAwaitingConfirmationSurviveASnapshotAndRestoreOnRocksDb() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(1, 10));
    Instant firstNpe = inWindow(1, 20);
    process(Severity.ERROR, NPE.formatted(user()), firstNpe);
    process(Severity.ERROR, NPE.formatted(user()), inWindow(1, 30));
    closeWindow(1);
    List<String> before = seriesIds(harness.extractOutputValues());
    OperatorSubtaskState snapshot = checkpoint(1L, endOf(1));
    harness.close();

    harness = open(SETTINGS, snapshot);
    process(Severity.ERROR, NPE.formatted(user()), inWindow(2, 10));
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(2, 20));
    closeWindow(2);

    assertThat(before).hasSize(2);
    assertThat(seriesIds(harness.extractOutputValues())).containsExactlyInAnyOrderElementsOf(before);
    assertThat(newTemplates())
        .as("the NPE template's third line, after the restore, confirms it; redis has two lines")
        .singleElement()
        .satisfies(anomaly -> assertThat(anomaly.getOnset()).isEqualTo(firstNpe));
    TemplateMiner fresh = new TemplateMiner(SERVICE, MinerSettings.DEFAULT);
    assertThat(before).as("ids derive from the service and the template's first text")
        .contains(SERVICE + "/log.template/" + fresh.add(NPE.formatted(user())).template().id());
  }

  @Test
  void aBurstOfAKnownErrorTemplateBecomesALogAnomalyWithTheTemplateAndASampleLine() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);
    for (int window = 1; window <= 12; window++) {
      process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(window, 10));
      closeWindow(window);
    }
    for (int window = 13; window <= 15; window++) {
      for (int i = 0; i < 30; i++) {
        process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(window, 10 + i));
      }
      closeWindow(window);
    }

    detector = Harnesses.keyed(new SeriesDetectorFunction(Duration.ofHours(6), 6), SeriesPoint::seriesId, Types.STRING);
    for (SeriesPoint point : harness.extractOutputValues()) {
      detector.processElement(point, point.timestampMillis());
    }

    String seriesId = harness.extractOutputValues().get(0).seriesId();
    assertThat(seriesId).startsWith(SERVICE + "/log.template/tpl-");
    assertThat(detector.extractOutputValues())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.getService()).isEqualTo(SERVICE);
              assertThat(anomaly.getKind()).isEqualTo(SignalKind.LOG);
              assertThat(SERVICE + "/" + anomaly.getSignal()).isEqualTo(seriesId);
              assertThat(anomaly.getOnset()).as("window 13's start").isEqualTo(endOf(12));
              assertThat(anomaly.getObserved()).isEqualTo(30.0);
              assertThat(anomaly.getExpected()).isEqualTo(1.0);
              assertThat(anomaly.getSample())
                  .startsWith("template: StackExchange.Redis.RedisConnectionException: No connection is active/available")
                  .contains(" | line: StackExchange.Redis.RedisConnectionException");
            });
  }

  @Test
  void aTrackedErrorTemplateReportsZerosUntilQuietForADetectorBaselineThenLeavesNoStateOrTimers() throws Exception {
    harness = open(SETTINGS, null);
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(0, 10));
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(0, 20));

    for (int window = 0; window < 70; window++) {
      closeWindow(window);
    }

    List<SeriesPoint> points = harness.extractOutputValues();
    assertThat(points).hasSize(60);
    assertThat(points.get(0).value()).isEqualTo(2.0);
    assertThat(points.subList(1, 60)).extracting(SeriesPoint::value).containsOnly(0.0);
    assertThat(points).extracting(SeriesPoint::timestampMillis).doesNotHaveDuplicates().isSorted();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keysWithState(harness, LogTemplateFunction.TRACKED_STATE)).isZero();
    assertThat(keysWithState(harness, LogTemplateFunction.COUNTS_STATE)).isZero();
    assertThat(keysWithState(harness, LogTemplateFunction.MINER_STATE)).as("written at checkpoints only").isZero();
    checkpoint(1L, endOf(70));
    assertThat(keysWithState(harness, LogTemplateFunction.MINER_STATE)).as("the miner stays, bounded by its cap and TTL").isOne();
  }

  @Test
  void doesNotCountAnErrorLineWhoseWindowHasClosed() throws Exception {
    harness = open(SETTINGS, null);
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(2, 10));
    closeWindow(2);

    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(2, 20));
    closeWindow(3);

    assertThat(harness.extractOutputValues()).extracting(SeriesPoint::value).containsExactly(1.0, 0.0);
  }

  @Test
  void hostileInputDoesNotGrowStatePastTheCap() throws Exception {
    int cap = 50;
    LogTemplateSettings small = settings(0, CONFIRM_LINES, new MinerSettings(0.6, cap, 100, 128));
    harness = open(small, null);
    int windows = 30;

    for (int window = 0; window < windows; window++) {
      for (int i = 0; i < 100; i++) {
        process(Severity.ERROR, hostileLine(i), inWindow(window, i));
      }
      closeWindow(window);
      assertThat(miner(small).size()).isLessThanOrEqualTo(cap);
      assertThat(entries(LogTemplateFunction.TRACKED_STATE, Types.LONG)).isLessThanOrEqualTo(cap);
      assertThat(entries(LogTemplateFunction.CANDIDATES_STATE, Types.TUPLE(Types.LONG, Types.STRING))).isLessThanOrEqualTo(LogTemplateFunction.MAX_CANDIDATES);
    }

    List<SeriesPoint> points = harness.extractOutputValues();
    Map<Long, Long> pointsPerWindow = points.stream().collect(Collectors.groupingBy(SeriesPoint::timestampMillis, Collectors.counting()));
    assertThat(pointsPerWindow.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(cap));
    assertThat(newTemplates()).as("random lines never recur; the 100,000-character lines share one template")
        .singleElement().satisfies(a -> assertThat(a.getSample()).startsWith("template: <*> | line: xxxx"));
    assertThat(points).extracting(SeriesPoint::sample).allSatisfy(s -> assertThat(s.length()).isLessThan(2 * LogTemplateSignals.EVIDENCE_CHARS + 40));
    assertThat(keysWithState(harness, LogTemplateFunction.COUNTS_STATE)).as("counts of closed windows are gone").isZero();
    // masked tokens are at most 256 characters and 128 per template, kept as tokens and as text
    assertThat(serializedBytes(miner(small))).isLessThan(cap * 2 * 128 * 260);
  }

  @Test
  void aOneOffNewErrorTemplateIsNotReportedAndIsForgottenAfterItsConfirmationSpan() throws Exception {
    harness = open(SETTINGS, null);
    warmUp(0);
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(1, 10));
    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(2, 10));
    for (int window = 1; window <= 13; window++) {
      closeWindow(window);
    }
    assertThat(keysWithState(harness, LogTemplateFunction.CANDIDATES_STATE)).as("a minute after its first line").isZero();

    process(Severity.ERROR, REDIS_DOWN.formatted(user()), inWindow(14, 10));

    assertThat(newTemplates()).isEmpty();
  }

  @Test
  void reportsAtMostABudgetOfNewTemplatesPerServiceAndWindow() throws Exception {
    // every word its own event here (by default ten disk names in one phrase are one template's values)
    harness = open(settings(0, 1, MinerSettings.DEFAULT.withWordValues(0)), null);
    List<String> words = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett");

    for (int window = 0; window < 2; window++) {
      for (String word : words) {
        process(Severity.WARN, "disk " + word + (char) ('a' + window) + " is nearly full", inWindow(window, 10));
      }
    }

    assertThat(newTemplates()).hasSize(2 * LogTemplateFunction.NEW_TEMPLATES_PER_WINDOW);
  }

  @Test
  void settingsNameTheKeyToFix() {
    assertThatThrownBy(() -> settings(-1, CONFIRM_LINES, MinerSettings.DEFAULT))
        .hasMessageContaining(CausewayOptions.LOG_WARM_UP_LINES.key());
    assertThatThrownBy(() -> settings(0, 0, MinerSettings.DEFAULT))
        .hasMessageContaining(CausewayOptions.LOG_CONFIRM_LINES.key());
    Configuration config = new Configuration();
    config.set(CausewayOptions.BOOTSTRAP_SERVERS, "localhost:9092");
    config.set(CausewayOptions.LOG_MAX_TEMPLATES, 0);
    assertThatThrownBy(() -> LogTemplateSettings.from(JobSettings.from(config)))
        .hasMessageContaining(CausewayOptions.LOG_MAX_TEMPLATES.key());
  }

  @Test
  void defaultSettingsComeFromTheDocumentedKeys() {
    Configuration config = new Configuration();
    config.set(CausewayOptions.BOOTSTRAP_SERVERS, "localhost:9092");
    config.set(CausewayOptions.LOG_WARM_UP_LINES, 42);

    LogTemplateSettings settings = LogTemplateSettings.from(JobSettings.from(config));

    assertThat(settings.warmUpLines()).isEqualTo(42);
    assertThat(settings.confirmLines()).isEqualTo(3);
    assertThat(settings.confirmWithin()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.miner()).isEqualTo(MinerSettings.DEFAULT);
    assertThat(settings.window()).isEqualTo(CausewayOptions.WINDOW.defaultValue());
    assertThat(settings.windowEnd(START.toEpochMilli() + 4_999)).isEqualTo(endOf(0).toEpochMilli());
  }

  // ---------------------------------------------------------------------------------------------

  private static LogTemplateSettings settings(int warmUpLines, int confirmLines, MinerSettings miner) {
    return new LogTemplateSettings(WINDOW, warmUpLines, confirmLines, CONFIRM_WITHIN, miner, Duration.ofHours(6));
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, LogRecord, SeriesPoint> open(
      LogTemplateSettings settings, OperatorSubtaskState snapshot) throws Exception {
    var harness = new KeyedOneInputStreamOperatorTestHarness<>(new LogTemplateOperator(new LogTemplateFunction(settings)), LogRecord::getService, Types.STRING);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return harness;
  }

  /** What the task does at a checkpoint: the operator's pre-barrier step, then the snapshot. */
  private OperatorSubtaskState checkpoint(long id, Instant at) throws Exception {
    harness.prepareSnapshotPreBarrier(id);
    return harness.snapshot(id, at.toEpochMilli());
  }

  /** {@link #WARM_UP_LINES} INFO lines of two templates, in window {@code window}. */
  private void warmUp(int window) {
    for (int i = 0; i < WARM_UP_LINES; i++) {
      String body =
          i % 2 == 0
              ? "GetCartAsync called with userId=" + user()
              : "AddItemAsync called with userId=" + user() + ", productId=OLJCESPC7Z, quantity=" + (1 + i % 9);
      process(Severity.INFO, body, inWindow(window, 500 + i));
    }
  }

  /** Random words, sometimes a 100,000-character line with or without spaces. */
  private String hostileLine(int i) {
    if (i % 25 == 0) {
      return "x".repeat(100_000);
    }
    StringBuilder line = new StringBuilder();
    int tokens = 1 + random.nextInt(i % 10 == 0 ? 5_000 : 40);
    for (int t = 0; t < tokens; t++) {
      int length = 1 + random.nextInt(i % 10 == 0 ? 400 : 12);
      for (int c = 0; c < length; c++) {
        line.append((char) ('a' + random.nextInt(26)));
      }
      line.append(' ');
    }
    return line.toString();
  }

  private void process(Severity severity, String body, Instant at) {
    LogRecord record =
        LogRecord.newBuilder()
            .setService(SERVICE)
            .setTimestamp(at)
            .setSeverity(severity)
            .setBody(body)
            .setTraceId(null)
            .setSpanId(null)
            .setAttributes(Map.of())
            .build();
    try {
      harness.processElement(record, at.toEpochMilli());
    } catch (Exception e) {
      throw new IllegalStateException("line at " + at + " failed", e);
    }
  }

  /** Event time passes the end of window {@code window}: its timer fires. */
  private void closeWindow(int window) throws Exception {
    harness.processWatermark(endOf(window).toEpochMilli() - 1);
  }

  private List<Anomaly> newTemplates() {
    var records = harness.getSideOutput(LogTemplateFunction.NEW_TEMPLATES);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  /** The service's miner as a checkpoint would hold it. */
  private TemplateMiner miner(LogTemplateSettings settings) throws Exception {
    harness.prepareSnapshotPreBarrier(0L);
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(SERVICE);
    return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LogTemplateFunction.minerDescriptor(settings)).value();
  }

  /** Entries of the service's map state {@code name}, keyed by template id. */
  private <V> int entries(String name, TypeInformation<V> valueType) throws Exception {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(SERVICE);
    var state = backend.getPartitionedState(
        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>(name, Types.STRING, valueType));
    int n = 0;
    for (String ignored : state.keys()) {
      n++;
    }
    return n;
  }

  static int serializedBytes(TemplateMiner miner) throws Exception {
    return InstantiationUtil.serializeToByteArray(Types.GENERIC(TemplateMiner.class).createSerializer(new SerializerConfigImpl()), miner).length;
  }

  private static List<String> seriesIds(List<SeriesPoint> points) {
    return new ArrayList<>(points.stream().map(SeriesPoint::seriesId).distinct().toList());
  }

  private String user() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static Instant inWindow(int window, int millis) {
    return START.plus(WINDOW.multipliedBy(window)).plusMillis(millis);
  }

  private static Instant endOf(int window) {
    return START.plus(WINDOW.multipliedBy(window + 1));
  }
}
