package io.causeway.jobs.topology;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.CallExtractor;
import io.causeway.core.topology.SpanView;
import java.time.Duration;
import java.util.HashMap;
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
 * Joins the spans of one trace (keyed by trace id), in whatever order they arrive, into calls.
 *
 * <p>State: the trace's spans by id, cleared by an event-time timer {@code joinTimeout} after the
 * trace's first span; a trace may hold at most {@code maxSpansPerTrace} spans (the rest are counted
 * and ignored), so state is bounded per trace and in time.
 */
public final class TraceJoinFunction extends KeyedProcessFunction<String, SpanView, Call> {

  private static final long serialVersionUID = 1L;

  private final long joinTimeoutMillis;
  private final int maxSpansPerTrace;

  private transient MapState<String, SpanView> spans;
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
    expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-expiry", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup().addGroup("causeway");
    orphanSpans = metrics.counter("unjoinedSpans");
    droppedSpans = metrics.counter("spansOverTraceCap");
    duplicateSpans = metrics.counter("duplicateSpans");
  }

  @Override
  public void processElement(SpanView span, Context ctx, Collector<Call> out) throws Exception {
    Map<String, SpanView> known = knownSpans();
    if (known.containsKey(span.spanId())) {
      duplicateSpans.inc(); // a redelivered span: its calls were emitted when it first came
      return;
    }
    if (known.size() >= maxSpansPerTrace) {
      droppedSpans.inc();
      return;
    }
    CallExtractor.onArrival(span, known).forEach(out::collect);
    spans.put(span.spanId(), span);
    if (expiry.value() == null) {
      long at = ctx.timestamp() + joinTimeoutMillis;
      expiry.update(at);
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Call> out) throws Exception {
    Map<String, SpanView> trace = knownSpans();
    CallExtractor.untracedPeerCalls(trace.values()).forEach(out::collect);
    orphanSpans.inc(CallExtractor.orphans(trace.values()));
    spans.clear();
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
