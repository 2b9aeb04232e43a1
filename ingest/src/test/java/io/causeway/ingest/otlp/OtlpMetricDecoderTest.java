package io.causeway.ingest.otlp;

import static io.causeway.ingest.otlp.OtlpFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpMetricDecoderTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final long RECEIVED_AT = Instant.parse("2025-03-01T10:05:00Z").toEpochMilli();

  /** Labels every point of the shop resource carries besides its own attributes. */
  private static final Map<String, String> GET_PRODUCT =
      Map.of(
          "rpc.method", "GetProduct",
          "service.namespace", "shop",
          "instance", "productcatalogservice-6d9f8-x2x7q",
          "deployment.environment.name", "production");

  private static Instant at(int step) {
    return T0.plus(STEP.multipliedBy(step));
  }

  private static NumberDataPoint.Builder number(int step, double value) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(nanos(T0)).setTimeUnixNano(nanos(at(step))).setAsDouble(value).addAttributes(string("rpc.method", "GetProduct"));
  }

  private static ExportMetricsServiceRequest request(Metric... metrics) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE);
    for (Metric metric : metrics) {
      scope.addMetrics(metric);
    }
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(shopResource()).addScopeMetrics(scope)).build();
  }

  private static Metric sum(String name, AggregationTemporality temporality, boolean monotonic, NumberDataPoint.Builder... points) {
    Sum.Builder sum = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(monotonic);
    for (var point : points) {
      sum.addDataPoints(point);
    }
    return Metric.newBuilder().setName(name).setUnit("{request}").setSum(sum).build();
  }

  private static MetricPoint point(String name, int step, double value, MetricType type, String unit) {
    return MetricPoint.newBuilder()
        .setService("productcatalogservice")
        .setName(name)
        .setLabels(GET_PRODUCT)
        .setTimestamp(at(step))
        .setValue(value)
        .setType(type)
        .setUnit(unit)
        .build();
  }

  /** Decodes each request in turn through one cumulative-to-delta state, as a job would. */
  private static List<MetricPoint> points(OtlpEncoding encoding, ExportMetricsServiceRequest... requests) throws OtlpDecodeException {
    CumulativeToDelta deltas = new CumulativeToDelta(100);
    List<MetricPoint> points = new ArrayList<>();
    for (ExportMetricsServiceRequest request : requests) {
      for (MetricSample sample : new OtlpMetricDecoder(encoding).decode(payload(request, encoding), RECEIVED_AT)) {
        points.addAll(deltas.points(sample));
      }
    }
    return points;
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void mapsAGaugeWithEveryFieldAndIntegerValues(OtlpEncoding encoding) throws Exception {
    Metric gauge =
        Metric.newBuilder()
            .setName("process.runtime.go.goroutines")
            .setGauge(Gauge.newBuilder().addDataPoints(number(1, 0).clearAsDouble().setAsInt(42)))
            .build();

    assertThat(points(encoding, request(gauge))).containsExactly(point("process.runtime.go.goroutines", 1, 42, MetricType.GAUGE, null));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void passesDeltaSumsOnAsTheyAre(OtlpEncoding encoding) throws Exception {
    Metric delta = sum("rpc.server.requests", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, true, number(1, 7), number(2, 3));

    assertThat(points(encoding, request(delta)))
        .containsExactly(
            point("rpc.server.requests", 1, 7, MetricType.DELTA_SUM, "{request}"),
            point("rpc.server.requests", 2, 3, MetricType.DELTA_SUM, "{request}"));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void turnsACumulativeCounterIntoDeltasAcrossACounterReset(OtlpEncoding encoding) throws Exception {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    ExportMetricsServiceRequest first = request(sum("rpc.server.requests", cumulative, true, number(1, 100)));
    ExportMetricsServiceRequest second = request(sum("rpc.server.requests", cumulative, true, number(2, 130)));
    ExportMetricsServiceRequest restarted = request(sum("rpc.server.requests", cumulative, true, number(3, 12).setStartTimeUnixNano(nanos(at(2)))));
    ExportMetricsServiceRequest after = request(sum("rpc.server.requests", cumulative, true, number(4, 40).setStartTimeUnixNano(nanos(at(2)))));
    ExportMetricsServiceRequest dropped = request(sum("rpc.server.requests", cumulative, true, number(5, 5).setStartTimeUnixNano(nanos(at(2)))));

    assertThat(points(encoding, first, second, restarted, after, dropped))
        .containsExactly(
            point("rpc.server.requests", 2, 30, MetricType.DELTA_SUM, "{request}"),
            point("rpc.server.requests", 3, 12, MetricType.DELTA_SUM, "{request}"),
            point("rpc.server.requests", 4, 28, MetricType.DELTA_SUM, "{request}"),
            point("rpc.server.requests", 5, 5, MetricType.DELTA_SUM, "{request}"));
  }

  @Test
  void ignoresADuplicateOrLateCumulativePoint() throws Exception {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

    List<MetricPoint> points =
        points(
            OtlpEncoding.PROTO,
            request(sum("rpc.server.requests", cumulative, true, number(2, 100))),
            request(sum("rpc.server.requests", cumulative, true, number(2, 100))),
            request(sum("rpc.server.requests", cumulative, true, number(1, 90))),
            request(sum("rpc.server.requests", cumulative, true, number(3, 120))));

    assertThat(points).containsExactly(point("rpc.server.requests", 3, 20, MetricType.DELTA_SUM, "{request}"));
  }

  @Test
  void keepsANonMonotonicCumulativeSumAsTheLevelItIs() throws Exception {
    Metric level = sum("db.client.connections.usage", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, false, number(1, 8), number(2, 5));

    assertThat(points(OtlpEncoding.PROTO, request(level)))
        .containsExactly(
            point("db.client.connections.usage", 1, 8, MetricType.CUMULATIVE_SUM, "{request}"),
            point("db.client.connections.usage", 2, 5, MetricType.CUMULATIVE_SUM, "{request}"));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void reducesADeltaHistogramToCountSumAndQuantilesFromItsBuckets(OtlpEncoding encoding) throws Exception {
    Metric histogram =
        Metric.newBuilder()
            .setName("rpc.server.duration")
            .setUnit("ms")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(histogramPoint(1, 100, 2_900, List.of(10.0, 20.0, 50.0, 100.0), List.of(0L, 50L, 40L, 10L, 0L))))
            .build();

    assertThat(points(encoding, request(histogram)))
        .containsExactly(
            point("rpc.server.duration.count", 1, 100, MetricType.DELTA_SUM, null),
            point("rpc.server.duration.sum", 1, 2_900, MetricType.DELTA_SUM, "ms"),
            point("rpc.server.duration.p50", 1, 20, MetricType.GAUGE, "ms"),
            point("rpc.server.duration.p90", 1, 50, MetricType.GAUGE, "ms"),
            point("rpc.server.duration.p99", 1, 95, MetricType.GAUGE, "ms"));
  }

  @Test
  void estimatesQuantilesOfACumulativeHistogramFromWhatTheIntervalAdded() throws Exception {
    List<Double> bounds = List.of(10.0, 20.0, 50.0, 100.0);
    Metric earlier = cumulativeHistogram(histogramPoint(1, 1_000, 15_000, bounds, List.of(0L, 1_000L, 0L, 0L, 0L)));
    Metric later = cumulativeHistogram(histogramPoint(2, 1_100, 22_000, bounds, List.of(0L, 1_000L, 10L, 90L, 0L)));

    List<MetricPoint> points = points(OtlpEncoding.PROTO, request(earlier), request(later));

    assertThat(points)
        .containsExactly(
            point("rpc.server.duration.count", 2, 100, MetricType.DELTA_SUM, null),
            point("rpc.server.duration.sum", 2, 7_000, MetricType.DELTA_SUM, "ms"),
            point("rpc.server.duration.p50", 2, 50 + 50 * (40.0 / 90), MetricType.GAUGE, "ms"),
            point("rpc.server.duration.p90", 2, 50 + 50 * (80.0 / 90), MetricType.GAUGE, "ms"),
            point("rpc.server.duration.p99", 2, 50 + 50 * (89.0 / 90), MetricType.GAUGE, "ms"));
  }

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void estimatesQuantilesOfAnExponentialHistogramWithinItsMinAndMax(OtlpEncoding encoding) throws Exception {
    // scale 0: base 2, bucket 3 holds (8, 16], bucket 4 holds (16, 32]
    Metric exponential =
        Metric.newBuilder()
            .setName("http.server.request.duration")
            .setUnit("ms")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setStartTimeUnixNano(nanos(at(0)))
                            .setTimeUnixNano(nanos(at(1)))
                            .setCount(20)
                            .setSum(400)
                            .setMin(9)
                            .setMax(30)
                            .setScale(0)
                            .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(3).addBucketCounts(10).addBucketCounts(10))
                            .addAttributes(string("rpc.method", "GetProduct"))))
            .build();

    List<MetricPoint> points = points(encoding, request(exponential));

    assertThat(points).extracting(MetricPoint::getName)
        .containsExactly("http.server.request.duration.count", "http.server.request.duration.sum", "http.server.request.duration.p50", "http.server.request.duration.p90", "http.server.request.duration.p99");
    assertThat(points).extracting(MetricPoint::getValue).element(0).isEqualTo(20.0);
    assertThat(points.get(2).getValue()).isCloseTo(16, within(1e-9));
    assertThat(points.get(3).getValue()).isCloseTo(16 * Math.pow(2, 0.8), within(1e-9));
    assertThat(points.get(4).getValue()).isEqualTo(30.0); // 16 * 2^0.98 = 31.4, above the max
    assertThat(points.get(4)).isEqualTo(point("http.server.request.duration.p99", 1, 30, MetricType.GAUGE, "ms"));
  }

  @Test
  void reportsEachQuantileOfASummaryAsAGauge() throws Exception {
    Metric summary =
        Metric.newBuilder()
            .setName("jvm.gc.pause")
            .setUnit("ms")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .setTimeUnixNano(nanos(at(1)))
                            .setCount(10)
                            .setSum(50)
                            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(4))
                            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.999).setValue(12))
                            .addAttributes(string("rpc.method", "GetProduct"))))
            .build();

    assertThat(points(OtlpEncoding.JSON, request(summary)))
        .containsExactly(point("jvm.gc.pause.p50", 1, 4, MetricType.GAUGE, "ms"), point("jvm.gc.pause.p99.9", 1, 12, MetricType.GAUGE, "ms"));
  }

  @Test
  void leavesOutPointsFlaggedAsHavingNoRecordedValue() throws Exception {
    var stale = number(2, 0).setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE);
    Metric gauge = Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder().addDataPoints(number(1, 3)).addDataPoints(stale)).build();

    assertThat(points(OtlpEncoding.PROTO, request(gauge))).containsExactly(point("queue.depth", 1, 3, MetricType.GAUGE, null));
  }

  @Test
  void takesTheRecordTimeForAPointWithoutTime() throws Exception {
    Metric gauge = Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder().addDataPoints(number(1, 3).clearTimeUnixNano())).build();

    assertThat(points(OtlpEncoding.PROTO, request(gauge))).extracting(MetricPoint::getTimestamp).containsExactly(Instant.ofEpochMilli(RECEIVED_AT));
  }

  @Test
  void rejectsAMetricOfAnUnknownTypeAsUnsupported() {
    Metric unknown = Metric.newBuilder().setName("from.a.newer.sdk").build();

    assertThatThrownBy(() -> points(OtlpEncoding.PROTO, request(unknown)))
        .isInstanceOfSatisfying(OtlpDecodeException.class, e -> assertThat(e.reason()).isEqualTo(OtlpDecodeException.UNSUPPORTED));
  }

  private static HistogramDataPoint.Builder histogramPoint(int step, long count, double sum, List<Double> bounds, List<Long> counts) {
    return HistogramDataPoint.newBuilder()
        .setStartTimeUnixNano(nanos(T0))
        .setTimeUnixNano(nanos(at(step)))
        .setCount(count)
        .setSum(sum)
        .addAllExplicitBounds(bounds)
        .addAllBucketCounts(counts)
        .addAttributes(string("rpc.method", "GetProduct"));
  }

  private static Metric cumulativeHistogram(HistogramDataPoint.Builder point) {
    return Metric.newBuilder()
        .setName("rpc.server.duration")
        .setUnit("ms")
        .setHistogram(Histogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point))
        .build();
  }
}
