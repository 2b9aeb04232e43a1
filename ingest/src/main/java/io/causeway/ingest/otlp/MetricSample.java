package io.causeway.ingest.otlp;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OTLP data point of one series, normalised but not yet reduced to {@link MetricPoint}s:
 * cumulative counters and histograms need the previous point of their series first ({@link
 * CumulativeToDelta}); every other kind turns into points on its own ({@link #points()}).
 *
 * @param service service name of the resource
 * @param name metric name
 * @param labels data point attributes and the selected resource attributes
 * @param unit the metric's unit, null when empty
 * @param kind what the value means
 * @param startNanos start of the point's interval (0 when unknown)
 * @param timeNanos time of the point
 * @param value the number, for every kind but histograms
 * @param histogram the buckets, for histogram kinds only
 */
public record MetricSample(
    String service,
    String name,
    Map<String, String> labels,
    String unit,
    Kind kind,
    long startNanos,
    long timeNanos,
    double value,
    HistogramData histogram) {

  /** Quantiles reported for each histogram, as {@code <metric>.p50} and so on. */
  public static final double[] QUANTILES = {0.5, 0.9, 0.99};

  /** What a sample's value means. */
  public enum Kind {
    /** A gauge: the value as it is. */
    GAUGE,
    /** A delta sum: what was counted in the interval. */
    DELTA_SUM,
    /** A cumulative monotonic sum (a counter): needs its previous point. */
    CUMULATIVE_COUNTER,
    /** A cumulative non-monotonic sum (an up-down counter): a level, kept as it is. */
    CUMULATIVE_LEVEL,
    /** A delta histogram (explicit or exponential). */
    DELTA_HISTOGRAM,
    /** A cumulative histogram: needs its previous point. */
    CUMULATIVE_HISTOGRAM,
    /** A sum whose temporality the sender left unspecified: kept as it is, type UNKNOWN. */
    UNSPECIFIED_SUM;

    public boolean isCumulative() {
      return this == CUMULATIVE_COUNTER || this == CUMULATIVE_HISTOGRAM;
    }
  }

  /** Identifies the series: service, metric name and labels in sorted order. */
  public String seriesKey() {
    StringBuilder key = new StringBuilder(service).append('|').append(name);
    new TreeMap<>(labels).forEach((k, v) -> key.append('|').append(k).append('=').append(v));
    return key.toString();
  }

  /**
   * The points this sample stands for. Gauges, sums and levels give one point of the same name;
   * a delta histogram gives {@code <name>.count} and {@code <name>.sum} (DELTA_SUM) and, when it
   * counted anything, {@code <name>.p50}, {@code .p90} and {@code .p99} (GAUGE).
   *
   * @throws IllegalStateException for a cumulative counter or histogram: take its {@link
   *     CumulativeToDelta#delta delta} first
   */
  public List<MetricPoint> points() {
    Instant at = Instant.ofEpochMilli(Math.floorDiv(timeNanos, 1_000_000L));
    return switch (kind) {
      case GAUGE -> List.of(point(name, at, value, MetricType.GAUGE, unit));
      case DELTA_SUM -> List.of(point(name, at, value, MetricType.DELTA_SUM, unit));
      case CUMULATIVE_LEVEL -> List.of(point(name, at, value, MetricType.CUMULATIVE_SUM, unit));
      case UNSPECIFIED_SUM -> List.of(point(name, at, value, MetricType.UNKNOWN, unit));
      case DELTA_HISTOGRAM -> histogramPoints(at);
      case CUMULATIVE_COUNTER, CUMULATIVE_HISTOGRAM ->
          throw new IllegalStateException(kind + " " + seriesKey() + " needs its previous point: use CumulativeToDelta");
    };
  }

  private List<MetricPoint> histogramPoints(Instant at) {
    List<MetricPoint> points = new ArrayList<>();
    points.add(point(name + ".count", at, histogram.count(), MetricType.DELTA_SUM, null));
    if (!Double.isNaN(histogram.sum())) {
      points.add(point(name + ".sum", at, histogram.sum(), MetricType.DELTA_SUM, unit));
    }
    if (histogram.count() > 0) {
      for (double q : QUANTILES) {
        double estimate = histogram.quantile(q);
        if (!Double.isNaN(estimate)) {
          points.add(point(name + ".p" + percentile(q), at, estimate, MetricType.GAUGE, unit));
        }
      }
    }
    return points;
  }

  /** 0.5 as "50", 0.99 as "99", 0.999 as "99.9". */
  static String percentile(double q) {
    return java.math.BigDecimal.valueOf(q * 100).stripTrailingZeros().toPlainString();
  }

  private MetricPoint point(String pointName, Instant at, double pointValue, MetricType type, String pointUnit) {
    return MetricPoint.newBuilder()
        .setService(service)
        .setName(pointName)
        .setLabels(labels)
        .setTimestamp(at)
        .setValue(pointValue)
        .setType(type)
        .setUnit(pointUnit)
        .build();
  }
}
