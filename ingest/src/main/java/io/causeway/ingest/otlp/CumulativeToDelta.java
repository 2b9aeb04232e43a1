package io.causeway.ingest.otlp;

import io.causeway.avro.MetricPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative counters and histograms into what happened per interval, from the previous
 * point of the same series ({@link MetricSample#seriesKey()}).
 *
 * <ul>
 *   <li>The first point of a series is only remembered: a cumulative total since an unknown
 *       start says nothing about the current rate (as the Collector's cumulativetodelta processor
 *       does by default).
 *   <li>A point not newer than the remembered one (a duplicate or a late point) gives nothing and
 *       changes nothing.
 *   <li>A reset, when the value or any bucket count drops or the start time changes, starts the
 *       series over: the new point's total, counted since its new start, is the delta (as
 *       Prometheus' {@code rate} treats a counter reset).
 *   <li>Otherwise the delta is the difference, over the interval from the previous point's time.
 * </ul>
 *
 * <p>{@link #delta} is the pure rule, for a caller that keeps the previous point in its own state
 * (the Flink adapter keeps it in keyed state with a TTL). An instance of this class keeps them
 * itself, in memory, for at most {@code maxSeries} series, evicting the least recently updated.
 */
public final class CumulativeToDelta {

  private final Map<String, MetricSample> previous;

  public CumulativeToDelta(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be at least 1, not " + maxSeries);
    }
    this.previous =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, MetricSample> eldest) {
            return size() > maxSeries;
          }
        };
  }

  /** The points of {@code sample}, taking the delta of a cumulative one. */
  public List<MetricPoint> points(MetricSample sample) {
    if (!sample.kind().isCumulative()) {
      return sample.points();
    }
    String key = sample.seriesKey();
    MetricSample before = previous.get(key);
    if (!isNewer(before, sample)) {
      return List.of();
    }
    previous.put(key, sample);
    MetricSample delta = delta(before, sample);
    return delta == null ? List.of() : delta.points();
  }

  /** Series remembered now. */
  public int series() {
    return previous.size();
  }

  /** Whether {@code current} should replace {@code before} as the series' remembered point. */
  public static boolean isNewer(MetricSample before, MetricSample current) {
    return before == null || current.timeNanos() > before.timeNanos();
  }

  /**
   * The delta sample (DELTA_SUM or DELTA_HISTOGRAM) of cumulative {@code current} after {@code
   * before}, or null when there is none: no previous point, or {@code current} is not newer.
   */
  public static MetricSample delta(MetricSample before, MetricSample current) {
    if (before == null || !isNewer(before, current)) {
      return null;
    }
    boolean restarted = current.startNanos() != 0 && before.startNanos() != 0 && current.startNanos() != before.startNanos();
    if (current.kind() == MetricSample.Kind.CUMULATIVE_COUNTER) {
      boolean reset = restarted || current.value() < before.value() || before.kind() != current.kind();
      double value = reset ? current.value() : current.value() - before.value();
      return withDelta(current, MetricSample.Kind.DELTA_SUM, reset ? current.startNanos() : before.timeNanos(), value, null);
    }
    HistogramData difference = restarted || before.histogram() == null ? null : current.histogram().minus(before.histogram());
    boolean reset = difference == null;
    HistogramData histogram = reset ? current.histogram() : difference;
    return withDelta(current, MetricSample.Kind.DELTA_HISTOGRAM, reset ? current.startNanos() : before.timeNanos(), 0, histogram);
  }

  private static MetricSample withDelta(MetricSample current, MetricSample.Kind kind, long startNanos, double value, HistogramData histogram) {
    return new MetricSample(
        current.service(), current.name(), current.labels(), current.unit(), kind, startNanos, current.timeNanos(), value, histogram);
  }
}
