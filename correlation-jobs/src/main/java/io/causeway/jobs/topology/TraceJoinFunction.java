package io.causeway.jobs.topology;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.CallExtractor;
import io.causeway.core.topology.SpanView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins the spans of one trace (keyed by trace id), in whatever order they arrive, into calls:
 * each span looks up its parent by id, and the children that came before it wait under its id,
 * so a span costs a few point lookups whatever the size of its trace.
 *
 * <p>State: the trace's spans by id and the early children by parent id, cleared by an event-time
 * timer {@code joinTimeout} after the trace's first span; a trace may hold at most {@code
 * maxSpansPerTrace} spans (the rest are counted and ignored), so state is bounded per trace and in
 * time.
 */
public final class TraceJoinFunction extends KeyedProcessFunction<String, SpanView, Call> {

  private static final long serialVersionUID = 1L;

  private final long joinTimeoutMillis;
  private final int maxSpansPerTrace;

  private transient MapState<String, SpanView> spans;
  private transient MapState<String, List<SpanView>> waitingForParent;
  private transient ValueState<Integer> spanCount;
  private transient ValueState<Long> expiry;
  private transient Counter orphanSpans;
  private transient Counter droppedSpans;
  private transient Counter duplicateSpans;

  public TraceJoinFunction(Duration joinTimeout, int maxSpansPerTrace) {
    this.joinTimeoutMillis = joinTimeout.toMillis();
    this.maxSpansPerTrace = maxSpansPerTrace;
  }

  @Override
  public void open(OpenContext context) {
    spans = getRuntimeContext().getMapState(new MapStateDescriptor<>("trace-spans", Types.STRING, TypeInformation.of(SpanView.class)));
    waitingForParent = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("children-waiting-for-parent", Types.STRING, Types.LIST(TypeInformation.of(SpanView.class))));
    spanCount = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-span-count", Types.INT));
    expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-expiry", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup().addGroup("causeway");
    orphanSpans = metrics.counter("unjoinedSpans");
    droppedSpans = metrics.counter("spansOverTraceCap");
    duplicateSpans = metrics.counter("duplicateSpans");
  }

  @Override
  public void processElement(SpanView span, Context ctx, Collector<Call> out) throws Exception {
    if (spans.contains(span.spanId())) {
      duplicateSpans.inc();
      return;
    }
    int count = spanCount.value() == null ? 0 : spanCount.value();
    if (count >= maxSpansPerTrace) {
      droppedSpans.inc();
      return;
    }
    joinWithParent(span, out);
    joinWithEarlyChildren(span, out);
    spans.put(span.spanId(), span);
    spanCount.update(count + 1);
    if (expiry.value() == null) {
      long at = ctx.timestamp() + joinTimeoutMillis;
      expiry.update(at);
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  private void joinWithParent(SpanView span, Collector<Call> out) throws Exception {
    if (!span.hasParent()) {
      return;
    }
    SpanView parent = spans.get(span.parentSpanId());
    if (parent != null) {
      CallExtractor.between(parent, span).forEach(out::collect);
    } else {
      List<SpanView> waiting = waitingForParent.get(span.parentSpanId());
      List<SpanView> updated = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
      updated.add(span);
      waitingForParent.put(span.parentSpanId(), updated);
    }
  }

  private void joinWithEarlyChildren(SpanView span, Collector<Call> out) throws Exception {
    List<SpanView> children = waitingForParent.get(span.spanId());
    if (children != null) {
      children.forEach(child -> CallExtractor.between(span, child).forEach(out::collect));
      waitingForParent.remove(span.spanId());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Call> out) throws Exception {
    Map<String, SpanView> trace = knownSpans();
    CallExtractor.untracedPeerCalls(trace.values()).forEach(out::collect);
    orphanSpans.inc(CallExtractor.orphans(trace.values()));
    spans.clear();
    waitingForParent.clear();
    spanCount.clear();
    expiry.clear();
  }

  private Map<String, SpanView> knownSpans() throws Exception {
    Map<String, SpanView> known = new HashMap<>();
    for (Map.Entry<String, SpanView> entry : spans.entries()) {
      known.put(entry.getKey(), entry.getValue());
    }
    return known;
  }
}
