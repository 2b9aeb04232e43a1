package io.causeway.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ExportMetricsServiceRequest} to {@link MetricSample}s, one per data point (a summary
 * point gives one per reported quantile). {@link CumulativeToDelta} or {@link
 * MetricSample#points()} then makes {@code MetricPoint}s of them.
 *
 * <ul>
 *   <li>service: from the resource ({@link OtlpResource}); name and unit: the metric's (an empty
 *       unit is null);
 *   <li>labels: the data point's attributes, plus {@code service.namespace}, {@code instance}
 *       ({@code service.instance.id}, {@code k8s.pod.name} or {@code host.name}, as Prometheus'
 *       {@code instance}) and {@code deployment.environment(.name)} of the resource where the
 *       point has no attribute of that name. Scope and {@code service.version} are left out, so a
 *       deploy or a library upgrade continues a series rather than starting a new one;
 *   <li>time: {@code time_unix_nano}, or the Kafka record's timestamp when it is 0;
 *   <li>gauge: GAUGE; sum: DELTA_SUM when delta, CUMULATIVE_COUNTER when cumulative and
 *       monotonic, CUMULATIVE_LEVEL when cumulative and not monotonic, UNSPECIFIED_SUM without a
 *       temporality; integer values as doubles;
 *   <li>histogram and exponential histogram: DELTA_HISTOGRAM or CUMULATIVE_HISTOGRAM with their
 *       buckets, count, sum, min and max;
 *   <li>summary: each quantile as a GAUGE named {@code <metric>.p<percent>} ({@code .p50},
 *       {@code .p99}); its count and sum are left out;
 *   <li>data points flagged "no recorded value" (staleness markers) and exemplars are left out.
 * </ul>
 */
public final class OtlpMetricDecoder implements OtlpDecoder<MetricSample> {

  static final String NAMESPACE = "service.namespace";
  static final String INSTANCE = "instance";

  private final OtlpEncoding encoding;

  public OtlpMetricDecoder(OtlpEncoding encoding) {
    this.encoding = encoding;
  }

  @Override
  public List<MetricSample> decode(byte[] payload, long receivedAtMillis) throws OtlpDecodeException {
    ExportMetricsServiceRequest request = OtlpRequests.metrics(payload, encoding);
    List<MetricSample> samples = new ArrayList<>();
    long receivedAtNanos = receivedAtMillis * 1_000_000L;
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      OtlpResource resource = OtlpResource.of(resourceMetrics.getResource());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          new Reader(resource, metric, receivedAtNanos, samples).read();
        }
      }
    }
    return samples;
  }

  /** Reads the data points of one metric. */
  private record Reader(OtlpResource resource, Metric metric, long receivedAtNanos, List<MetricSample> out) {

    void read() throws OtlpDecodeException {
      switch (metric.getDataCase()) {
        case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> number(p, MetricSample.Kind.GAUGE));
        case SUM -> {
          MetricSample.Kind kind = sumKind(metric.getSum().getAggregationTemporality(), metric.getSum().getIsMonotonic());
          metric.getSum().getDataPointsList().forEach(p -> number(p, kind));
        }
        case HISTOGRAM -> {
          MetricSample.Kind kind = histogramKind(metric.getHistogram().getAggregationTemporality());
          metric.getHistogram().getDataPointsList().forEach(p -> histogram(p, kind));
        }
        case EXPONENTIAL_HISTOGRAM -> {
          MetricSample.Kind kind = histogramKind(metric.getExponentialHistogram().getAggregationTemporality());
          metric.getExponentialHistogram().getDataPointsList().forEach(p -> exponential(p, kind));
        }
        case SUMMARY -> metric.getSummary().getDataPointsList().forEach(this::summary);
        case DATA_NOT_SET ->
            throw new OtlpDecodeException(OtlpDecodeException.UNSUPPORTED, "metric '" + metric.getName() + "' has no data of a type this OTLP version knows");
      }
    }

    private void number(NumberDataPoint p, MetricSample.Kind kind) {
      if (noRecordedValue(p.getFlags())) {
        return;
      }
      double value = p.hasAsInt() ? p.getAsInt() : p.getAsDouble();
      out.add(sample(metric.getName(), p.getAttributesList(), kind, p.getStartTimeUnixNano(), p.getTimeUnixNano(), value, null));
    }

    private void histogram(HistogramDataPoint p, MetricSample.Kind kind) {
      if (noRecordedValue(p.getFlags())) {
        return;
      }
      double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
      long[] counts = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
      if (counts.length != bounds.length + 1) {
        // OTLP allows a point without buckets; one with mismatched buckets is read as count and sum only
        bounds = new double[0];
        counts = new long[] {p.getCount()};
      }
      HistogramData data = HistogramData.explicit(p.getCount(), p.hasSum() ? p.getSum() : Double.NaN, p.hasMin() ? p.getMin() : Double.NaN, p.hasMax() ? p.getMax() : Double.NaN, bounds, counts);
      out.add(sample(metric.getName(), p.getAttributesList(), kind, p.getStartTimeUnixNano(), p.getTimeUnixNano(), 0, data));
    }

    private void exponential(ExponentialHistogramDataPoint p, MetricSample.Kind kind) {
      if (noRecordedValue(p.getFlags())) {
        return;
      }
      HistogramData data =
          HistogramData.exponential(
              p.getCount(),
              p.hasSum() ? p.getSum() : Double.NaN,
              p.hasMin() ? p.getMin() : Double.NaN,
              p.hasMax() ? p.getMax() : Double.NaN,
              p.getScale(),
              p.getZeroCount(),
              p.getPositive().getOffset(),
              p.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).toArray(),
              p.getNegative().getOffset(),
              p.getNegative().getBucketCountsList().stream().mapToLong(Long::longValue).toArray());
      out.add(sample(metric.getName(), p.getAttributesList(), kind, p.getStartTimeUnixNano(), p.getTimeUnixNano(), 0, data));
    }

    private void summary(SummaryDataPoint p) {
      if (noRecordedValue(p.getFlags())) {
        return;
      }
      for (SummaryDataPoint.ValueAtQuantile quantile : p.getQuantileValuesList()) {
        String name = metric.getName() + ".p" + MetricSample.percentile(quantile.getQuantile());
        out.add(sample(name, p.getAttributesList(), MetricSample.Kind.GAUGE, p.getStartTimeUnixNano(), p.getTimeUnixNano(), quantile.getValue(), null));
      }
    }

    private MetricSample sample(String name, List<KeyValue> attributes, MetricSample.Kind kind, long startNanos, long timeNanos, double value, HistogramData histogram) {
      Map<String, String> labels = new LinkedHashMap<>(AnyValues.asStrings(attributes));
      if (resource.namespace() != null) {
        labels.putIfAbsent(NAMESPACE, resource.namespace());
      }
      if (resource.instance() != null) {
        labels.putIfAbsent(INSTANCE, resource.instance());
      }
      resource.kept().forEach((k, v) -> {
        if (!k.equals("service.version")) {
          labels.putIfAbsent(k, v);
        }
      });
      String unit = metric.getUnit().isEmpty() ? null : metric.getUnit();
      return new MetricSample(resource.service(), name, labels, unit, kind, startNanos, timeNanos == 0 ? receivedAtNanos : timeNanos, value, histogram);
    }
  }

  private static boolean noRecordedValue(int flags) {
    return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
  }

  private static MetricSample.Kind sumKind(AggregationTemporality temporality, boolean monotonic) {
    return switch (temporality) {
      case AGGREGATION_TEMPORALITY_DELTA -> MetricSample.Kind.DELTA_SUM;
      case AGGREGATION_TEMPORALITY_CUMULATIVE -> monotonic ? MetricSample.Kind.CUMULATIVE_COUNTER : MetricSample.Kind.CUMULATIVE_LEVEL;
      case AGGREGATION_TEMPORALITY_UNSPECIFIED, UNRECOGNIZED -> MetricSample.Kind.UNSPECIFIED_SUM;
    };
  }

  private static MetricSample.Kind histogramKind(AggregationTemporality temporality) {
    return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
        ? MetricSample.Kind.CUMULATIVE_HISTOGRAM
        : MetricSample.Kind.DELTA_HISTOGRAM;
  }
}
