package io.causeway.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.ingest.otlp.MetricSample;
import io.causeway.jobs.Harnesses;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaFunctionTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(15);

  private static MetricSample counter(String pod, int step, double value) {
    long nanos = T0.plusSeconds(10L * step).toEpochMilli() * 1_000_000L;
    return new MetricSample("cartservice", "rpc.server.requests", Map.of("instance", pod), "{request}", MetricSample.Kind.CUMULATIVE_COUNTER, T0.toEpochMilli() * 1_000_000L, nanos, value, null);
  }

  private static MetricSample gauge(int step, double value) {
    long nanos = T0.plusSeconds(10L * step).toEpochMilli() * 1_000_000L;
    return new MetricSample("cartservice", "queue.depth", Map.of(), null, MetricSample.Kind.GAUGE, 0, nanos, value, null);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, MetricPoint> harness(Harnesses.Backend backend, OperatorSubtaskState restoreFrom) throws Exception {
    return Harnesses.keyed(new CumulativeToDeltaFunction(TTL), MetricSample::seriesKey, Types.STRING, backend, restoreFrom, null);
  }

  private static void process(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, MetricPoint> harness, MetricSample sample) throws Exception {
    harness.processElement(sample, sample.timeNanos() / 1_000_000L);
  }

  @Test
  void emitsPerIntervalDeltasPerSeriesAndKeepsOneStateEntryPerCumulativeSeries() throws Exception {
    try (var harness = harness(Harnesses.Backend.ROCKSDB, null)) {
      process(harness, counter("pod-a", 1, 100));
      process(harness, counter("pod-b", 1, 7));
      process(harness, gauge(1, 3));
      process(harness, counter("pod-a", 2, 130));
      process(harness, counter("pod-b", 2, 2)); // reset: the counter restarted

      assertThat(harness.extractOutputValues())
          .extracting(MetricPoint::getName, MetricPoint::getType, MetricPoint::getValue, p -> p.getLabels().get("instance"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("queue.depth", MetricType.GAUGE, 3.0, null),
              org.assertj.core.groups.Tuple.tuple("rpc.server.requests", MetricType.DELTA_SUM, 30.0, "pod-a"),
              org.assertj.core.groups.Tuple.tuple("rpc.server.requests", MetricType.DELTA_SUM, 2.0, "pod-b"));
      assertThat(Harnesses.keysWithState(harness, CumulativeToDeltaFunction.STATE_NAME)).isEqualTo(2);
    }
  }

  @Test
  void continuesASeriesAfterRestoringFromACheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(Harnesses.Backend.ROCKSDB, null)) {
      process(before, counter("pod-a", 1, 100));
      snapshot = before.snapshot(1, 1);
    }
    try (var after = harness(Harnesses.Backend.ROCKSDB, snapshot)) {
      process(after, counter("pod-a", 2, 125));

      assertThat(after.extractOutputValues()).extracting(MetricPoint::getValue).containsExactly(25.0);
    }
  }

  @Test
  void forgetsASeriesSilentForLongerThanTheTtl() throws Exception {
    try (var harness = harness(Harnesses.Backend.HEAP, null)) {
      harness.setStateTtlProcessingTime(0);
      process(harness, counter("pod-a", 1, 100));

      harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
      process(harness, counter("pod-a", 2, 130));

      assertThat(harness.extractOutputValues()).as("the expired point is gone: the new one is a baseline").isEmpty();
    }
  }
}
