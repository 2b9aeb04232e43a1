package io.causeway.jobs.detection;

import io.causeway.avro.DependencyEdge;
import io.causeway.core.detection.SeriesPoint;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each window of an edge (keyed by {@code caller->callee}) into its {@link EdgeSeries}
 * points, once: a window no later than the last one seen — the same record again when the
 * compacted topic is re-read or the topology job replays after a failure — gives no point, so no
 * detector judges one window twice. Such records are counted as {@code causeway.staleEdgeWindows}.
 *
 * <p>State per edge: the end of its last window (one long), dropped by TTL after {@code seriesTtl}
 * without a window, as the edge's detectors are.
 */
final class EdgeSeriesFunction extends KeyedProcessFunction<String, DependencyEdge, SeriesPoint> {

  private static final long serialVersionUID = 1L;

  private final Duration seriesTtl;
  private final int minCalls;
  private transient ValueState<Long> lastWindowEnd;
  private transient Counter staleWindows;

  EdgeSeriesFunction(Duration seriesTtl, int minCalls) {
    this.seriesTtl = seriesTtl;
    this.minCalls = minCalls;
  }

  @Override
  public void open(OpenContext context) {
    var descriptor = new ValueStateDescriptor<>("last-window-end", Types.LONG);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(seriesTtl).build());
    lastWindowEnd = getRuntimeContext().getState(descriptor);
    staleWindows = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("staleEdgeWindows");
  }

  @Override
  public void processElement(DependencyEdge edge, Context ctx, Collector<SeriesPoint> out) throws Exception {
    long windowEnd = edge.getWindowEnd().toEpochMilli();
    Long last = lastWindowEnd.value();
    if (last != null && windowEnd <= last) {
      staleWindows.inc();
      return;
    }
    lastWindowEnd.update(windowEnd);
    EdgeSeries.points(edge, minCalls).forEach(out::collect);
  }
}
