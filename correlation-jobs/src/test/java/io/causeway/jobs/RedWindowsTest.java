package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window operator exactly as {@link RedWindows#of} builds it (key, tumbling event-time window,
 * sketch accumulator, emitting function), run on RocksDB, where the accumulator is serialised on
 * every call.
 */
class RedWindowsTest {

  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final String EDGE = "frontend->productcatalogservice";
  private static final Instant WINDOW_START = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant WINDOW_END = WINDOW_START.plus(WINDOW);

  private KeyedOneInputStreamOperatorTestHarness<String, PartialRed, WindowedRed> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void summarisesAKeysCallsWhenTheWatermarkPassesTheEndOfTheirWindow() throws Exception {
    harness = open(null);
    for (int millis = 1; millis <= 100; millis++) {
      harness.processElement(partial(new Measurement(EDGE, "RPC", millis * 1_000L, millis % 10 == 0)), at(millis * 40L));
    }

    harness.processWatermark(WINDOW_END.toEpochMilli() - 2);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.processWatermark(WINDOW_END.toEpochMilli() - 1);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            red -> {
              assertThat(red.key()).isEqualTo(EDGE);
              assertThat(red.label()).isEqualTo("RPC");
              assertThat(red.windowStart()).isEqualTo(WINDOW_START.toEpochMilli());
              assertThat(red.windowEnd()).isEqualTo(WINDOW_END.toEpochMilli());
              assertThat(red.calls()).isEqualTo(100);
              assertThat(red.errors()).isEqualTo(10);
              assertThat(red.callsPerSecond()).isEqualTo(20.0);
              assertThat(red.latencyP50Ms()).isCloseTo(50, within(1.5));
              assertThat(red.latencyP90Ms()).isCloseTo(90, within(2.0));
              assertThat(red.latencyP99Ms()).isCloseTo(99, within(2.0));
            });
  }

  @Test
  void keepsKeysAndWindowsApart() throws Exception {
    harness = open(null);
    harness.processElement(partial(new Measurement(EDGE, "RPC", 10_000, false)), at(100));
    harness.processElement(partial(new Measurement("cartservice->redis-cart", "DATABASE", 1_000, true)), at(200));
    harness.processElement(partial(new Measurement(EDGE, "RPC", 30_000, false)), at(WINDOW.toMillis() + 100));

    harness.processWatermark(WINDOW_END.plus(WINDOW).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .extracting(red -> red.key() + " " + Instant.ofEpochMilli(red.windowStart()) + " calls=" + red.calls() + " errors=" + red.errors())
        .containsExactlyInAnyOrder(
            EDGE + " 2025-03-01T10:00:00Z calls=1 errors=0",
            "cartservice->redis-cart 2025-03-01T10:00:00Z calls=1 errors=1",
            EDGE + " 2025-03-01T10:00:05Z calls=1 errors=0");
  }

  @Test
  void keepsAWindowsSketchAcrossASnapshotAndRestoreOnRocksDb() throws Exception {
    harness = open(null);
    for (int millis = 1; millis <= 50; millis++) {
      harness.processElement(partial(new Measurement(EDGE, "RPC", millis * 1_000L, false)), at(millis * 40L));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2_000));
    harness.close();

    harness = open(snapshot);
    for (int millis = 51; millis <= 100; millis++) {
      harness.processElement(partial(new Measurement(EDGE, "RPC", millis * 1_000L, false)), at(millis * 40L));
    }
    harness.processWatermark(WINDOW_END.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            red -> {
              assertThat(red.calls()).isEqualTo(100);
              assertThat(red.latencyP90Ms()).isCloseTo(90, within(2.0));
            });
  }

  @Test
  void restoresAWindowWhoseSketchKryoWroteBeforeTheCompactFormat() throws Exception {
    harness = openWithKryoAccumulator();
    for (int millis = 1; millis <= 50; millis++) {
      harness.processElement(partial(new Measurement(EDGE, "RPC", millis * 1_000L, millis % 10 == 0)), at(millis * 40L));
    }
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2_000));
    harness.close();

    harness = open(snapshot);
    for (int millis = 51; millis <= 100; millis++) {
      harness.processElement(partial(new Measurement(EDGE, "RPC", millis * 1_000L, millis % 10 == 0)), at(millis * 40L));
    }
    harness.processWatermark(WINDOW_END.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            red -> {
              assertThat(red.label()).isEqualTo("RPC");
              assertThat(red.calls()).isEqualTo(100);
              assertThat(red.errors()).isEqualTo(10);
              assertThat(red.latencyP90Ms()).isCloseTo(90, within(2.0));
            });
  }

  // ---------------------------------------------------------------------------------------------

  /** The window as it was built before its accumulator had a serializer of its own: Flink used Kryo. */
  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, PartialRed, WindowedRed> openWithKryoAccumulator() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var partials = env.fromData(PartialRed.TYPE, partial(new Measurement(EDGE, "RPC", 1, false)));
    var window =
        (OneInputTransformation<PartialRed, WindowedRed>)
            partials.keyBy(PartialRed::key)
                .window(org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows.of(WINDOW))
                .aggregate(new RedWindows.RedAggregate(), new RedWindows.EmitWindow())
                .getTransformation();
    return harnessOf(window, null);
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, PartialRed, WindowedRed> open(OperatorSubtaskState snapshot) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var measurements = env.fromData(TypeInformation.of(Measurement.class), new Measurement(EDGE, "RPC", 1, false));
    var window = (OneInputTransformation<PartialRed, WindowedRed>) RedWindows.of(measurements, WINDOW, "test-red").getTransformation();
    return harnessOf(window, snapshot);
  }

  /** A RocksDB harness for the window operator of {@code window}, restored from {@code snapshot} when given. */
  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, PartialRed, WindowedRed> harnessOf(
      OneInputTransformation<PartialRed, WindowedRed> window, OperatorSubtaskState snapshot) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            window.getOperatorFactory(),
            (KeySelector<PartialRed, String>) window.getStateKeySelector(),
            (TypeInformation<String>) window.getStateKeyType());
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return harness;
  }

  /** What the pre-aggregation in front of the window emits for one measurement alone. */
  private static PartialRed partial(Measurement m) {
    return new PartialRed(m.key(), new RedAccumulator().add(m));
  }

  private static long at(long millisIntoWindow) {
    return WINDOW_START.toEpochMilli() + millisIntoWindow;
  }
}
