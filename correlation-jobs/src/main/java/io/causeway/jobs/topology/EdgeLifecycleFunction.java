package io.causeway.jobs.topology;

import io.causeway.avro.DeltaType;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.GraphDelta;
import io.causeway.core.topology.RedShift;
import io.causeway.jobs.WindowedRed;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the current state of one edge (keyed by {@code caller->callee}): emits the edge after each
 * window, and the graph's history as deltas — ADDED the first time, CHANGED when a RED figure
 * moves past the {@link RedShift} thresholds, REMOVED when the edge has been silent for {@code
 * expiry}. State: one edge record, cleared on expiry by an event-time timer.
 */
public final class EdgeLifecycleFunction extends KeyedProcessFunction<String, WindowedRed, DependencyEdge> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<GraphDelta> DELTAS = new OutputTag<>("graph-deltas", new AvroTypeInfo<>(GraphDelta.class));

  private final long expiryMillis;
  private final RedShift redShift;
  private transient ValueState<DependencyEdge> current;

  public EdgeLifecycleFunction(Duration expiry, RedShift redShift) {
    this.expiryMillis = expiry.toMillis();
    this.redShift = redShift;
  }

  @Override
  public void open(OpenContext context) {
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("current-edge", new AvroTypeInfo<>(DependencyEdge.class)));
  }

  @Override
  public void processElement(WindowedRed window, Context ctx, Collector<DependencyEdge> out) throws Exception {
    DependencyEdge before = current.value();
    DependencyEdge after = toEdge(window, before);
    out.collect(after);
    current.update(after);
    if (before == null) {
      ctx.output(DELTAS, delta(DeltaType.ADDED, after, null, after, null));
    } else {
      redShift
          .between(before.getErrorRatio(), before.getLatencyP90Ms(), after.getErrorRatio(), after.getLatencyP90Ms())
          .ifPresent(reason -> ctx.output(DELTAS, delta(DeltaType.CHANGED, after, before, after, reason)));
      ctx.timerService().deleteEventTimeTimer(before.getLastSeen().toEpochMilli() + expiryMillis);
    }
    ctx.timerService().registerEventTimeTimer(after.getLastSeen().toEpochMilli() + expiryMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DependencyEdge> out) throws Exception {
    DependencyEdge edge = current.value();
    if (edge != null && edge.getLastSeen().toEpochMilli() + expiryMillis <= timestamp) {
      GraphDelta removed = delta(DeltaType.REMOVED, edge, edge, null, "no calls for " + Duration.ofMillis(expiryMillis));
      removed.setTime(Instant.ofEpochMilli(timestamp));
      ctx.output(DELTAS, removed);
      current.clear();
    }
  }

  private static DependencyEdge toEdge(WindowedRed window, DependencyEdge before) {
    String[] ends = window.key().split("->", 2);
    return DependencyEdge.newBuilder()
        .setCaller(ends[0])
        .setCallee(ends[1])
        .setKind(edgeKind(window.label()))
        .setWindowStart(Instant.ofEpochMilli(window.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(window.windowEnd()))
        .setCalls(window.calls())
        .setErrors(window.errors())
        .setCallsPerSecond(window.callsPerSecond())
        .setErrorRatio(window.errorRatio())
        .setLatencyP50Ms(window.latencyP50Ms())
        .setLatencyP90Ms(window.latencyP90Ms())
        .setLatencyP99Ms(window.latencyP99Ms())
        .setFirstSeen(before == null ? Instant.ofEpochMilli(window.windowStart()) : before.getFirstSeen())
        .setLastSeen(Instant.ofEpochMilli(window.windowEnd()))
        .build();
  }

  private static EdgeKind edgeKind(String label) {
    try {
      return label == null ? EdgeKind.UNKNOWN : EdgeKind.valueOf(label);
    } catch (IllegalArgumentException e) {
      return EdgeKind.UNKNOWN;
    }
  }

  private static GraphDelta delta(DeltaType type, DependencyEdge edge, DependencyEdge before, DependencyEdge after, String reason) {
    return GraphDelta.newBuilder()
        .setChange(type)
        .setCaller(edge.getCaller())
        .setCallee(edge.getCallee())
        .setTime(edge.getLastSeen())
        .setBefore(before)
        .setAfter(after)
        .setReason(reason)
        .build();
  }
}
