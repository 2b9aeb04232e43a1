package io.causeway.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.MetricPoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaTest {

  private static final long SECOND = 1_000_000_000L;

  private static MetricSample counter(String pod, long time, double value) {
    return new MetricSample("cartservice", "requests", Map.of("instance", pod), null, MetricSample.Kind.CUMULATIVE_COUNTER, SECOND, time * SECOND, value, null);
  }

  private static MetricSample exponential(long time, int scale, int offset, long... counts) {
    long count = java.util.Arrays.stream(counts).sum();
    HistogramData data = HistogramData.exponential(count, Double.NaN, Double.NaN, Double.NaN, scale, 0, offset, counts, 0, new long[0]);
    return new MetricSample("cartservice", "latency", Map.of(), "ms", MetricSample.Kind.CUMULATIVE_HISTOGRAM, SECOND, time * SECOND, 0, data);
  }

  @Test
  void keepsSeriesOfDifferentInstancesApart() {
    CumulativeToDelta deltas = new CumulativeToDelta(10);

    deltas.points(counter("pod-a", 10, 100));
    deltas.points(counter("pod-b", 10, 5));

    assertThat(deltas.points(counter("pod-a", 20, 110))).extracting(MetricPoint::getValue).containsExactly(10.0);
    assertThat(deltas.points(counter("pod-b", 20, 7))).extracting(MetricPoint::getValue).containsExactly(2.0);
  }

  @Test
  void remembersAtMostMaxSeriesAndStartsAnEvictedSeriesOver() {
    CumulativeToDelta deltas = new CumulativeToDelta(2);

    deltas.points(counter("pod-a", 10, 100));
    deltas.points(counter("pod-b", 10, 100));
    deltas.points(counter("pod-c", 10, 100));

    assertThat(deltas.series()).isEqualTo(2);
    assertThat(deltas.points(counter("pod-a", 20, 150))).as("pod-a was evicted: its next point is a new baseline").isEmpty();
    assertThat(deltas.points(counter("pod-c", 20, 150))).extracting(MetricPoint::getValue).containsExactly(50.0);
  }

  @Test
  void subtractsExponentialBucketsAfterTheHistogramLoweredItsScale() {
    // scale 1 buckets 6,7 (index 6 -> 3, 7 -> 3 at scale 0); later at scale 0 the range grew to bucket 4
    MetricSample before = exponential(10, 1, 6, 4, 6);
    MetricSample after = exponential(20, 0, 3, 15, 7);

    MetricSample delta = CumulativeToDelta.delta(before, after);

    assertThat(delta.kind()).isEqualTo(MetricSample.Kind.DELTA_HISTOGRAM);
    assertThat(delta.startNanos()).isEqualTo(10 * SECOND);
    assertThat(delta.histogram().count()).isEqualTo(12);
    assertThat(delta.histogram().positiveOffset()).isEqualTo(3);
    assertThat(delta.histogram().positive()).containsExactly(5, 7);
  }

  @Test
  void treatsExponentialBucketsThatShrankAsAReset() {
    MetricSample before = exponential(10, 0, 3, 10, 10);
    MetricSample after = exponential(20, 0, 3, 2, 1);

    MetricSample delta = CumulativeToDelta.delta(before, after);

    assertThat(delta.histogram().positive()).containsExactly(2, 1);
    assertThat(delta.startNanos()).isEqualTo(SECOND);
  }

  @Test
  void refusesToTurnACumulativeSampleIntoPointsWithoutItsPrevious() {
    assertThatThrownBy(() -> counter("pod-a", 10, 1).points()).isInstanceOf(IllegalStateException.class).hasMessageContaining("CumulativeToDelta");
  }
}
