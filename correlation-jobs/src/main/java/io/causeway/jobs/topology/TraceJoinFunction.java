package io.causeway.jobs.topology;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.CallExtractor;
import io.causeway.core.topology.SpanView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins the spans of one trace (keyed by trace id), in whatever order they arrive, into calls:
 * each span looks up its parent by id, and the children that came before it wait under its id,
 * so a span costs a few point lookups whatever the size of its trace. Spans come in {@link
 * TraceFragment}s and are handled one after the other as if each came alone; a fragment that
 * opens a trace (the common case: {@link TraceBatcher} delivers most traces whole) is joined in
 * memory and stored as one value, so a trace that arrives whole costs one state read, one write,
 * and at its timeout one read and one delete, however many spans it holds. A second fragment
 * moves the first one's spans into the map by span id, where later ones find their parents with
 * point lookups.
 *
 * <p>State: the spans of the fragment that opened the trace (one value) or, once a second fragment
 * came, the trace's spans by id; the early children by parent id; and the trace's progress (expiry
 * time, span count). All are cleared by an event-time timer {@code joinTimeout} after the trace's
 * first span; a trace may hold at most {@code maxSpansPerTrace} spans (the rest are counted and
 * ignored), so state is bounded per trace and in time. Spans are stored compactly ({@link
 * SpanViewSerializer}, about 40 bytes each).
 *
 * <p>Metrics ({@code causeway.*}): {@code spans} received, {@code unjoinedSpans} whose parent never
 * came, {@code spansOverTraceCap} and {@code duplicateSpans} ignored.
 */
public final class TraceJoinFunction extends KeyedProcessFunction<String, TraceFragment, Call> {

  private static final long serialVersionUID = 1L;

  static final String FIRST_FRAGMENT_STATE = "trace-first-fragment";
  static final String SPANS_STATE = "trace-spans";

  private final long joinTimeoutMillis;
  private final int maxSpansPerTrace;

  private transient ValueState<List<SpanView>> firstFragment;
  private transient MapState<String, SpanView> spans;
  private transient MapState<String, List<SpanView>> waitingForParent;
  private transient ValueState<TraceProgress> progress;
  private transient Counter receivedSpans;
  private transient Counter orphanSpans;
  private transient Counter droppedSpans;
  private transient Counter duplicateSpans;

  public TraceJoinFunction(Duration joinTimeout, int maxSpansPerTrace) {
    this.joinTimeoutMillis = joinTimeout.toMillis();
    this.maxSpansPerTrace = maxSpansPerTrace;
  }

  @Override
  public void open(OpenContext context) {
    firstFragment = getRuntimeContext().getState(new ValueStateDescriptor<>(FIRST_FRAGMENT_STATE, new ListSerializer<>(SpanViewSerializer.INSTANCE)));
    spans = getRuntimeContext().getMapState(new MapStateDescriptor<>(SPANS_STATE, StringSerializer.INSTANCE, SpanViewSerializer.INSTANCE));
    waitingForParent = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("children-waiting-for-parent", StringSerializer.INSTANCE, new ListSerializer<>(SpanViewSerializer.INSTANCE)));
    progress = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-expiry", TraceProgress.Serializer.INSTANCE));
    var metrics = getRuntimeContext().getMetricGroup().addGroup("causeway");
    receivedSpans = metrics.counter("spans");
    orphanSpans = metrics.counter("unjoinedSpans");
    droppedSpans = metrics.counter("spansOverTraceCap");
    duplicateSpans = metrics.counter("duplicateSpans");
  }

  @Override
  public void processElement(TraceFragment fragment, Context ctx, Collector<Call> out) throws Exception {
    receivedSpans.inc(fragment.spans().size());
    TraceProgress before = progress.value();
    Pending pending = new Pending(before != null ? firstFragment.value() : null, before != null);
    int held = before == null ? 0 : before.spans();
    for (SpanView span : fragment.spans()) {
      if (pending.knows(span.spanId())) {
        duplicateSpans.inc();
      } else if (held + pending.added() >= maxSpansPerTrace) {
        droppedSpans.inc();
      } else {
        joinWithParent(span, pending, out);
        joinWithEarlyChildren(span, pending, out);
        pending.add(span);
      }
    }
    if (pending.added() == 0) {
      return;
    }
    pending.write();
    if (before == null) {
      long at = ctx.timestamp() + joinTimeoutMillis;
      progress.update(new TraceProgress(at, pending.added(), pending.childrenWaited()));
      ctx.timerService().registerEventTimeTimer(at);
    } else {
      progress.update(before.plus(pending.added(), pending.childrenWaited()));
    }
  }

  private static void joinWithParent(SpanView span, Pending pending, Collector<Call> out) throws Exception {
    if (!span.hasParent()) {
      return;
    }
    SpanView parent = pending.span(span.parentSpanId());
    if (parent != null) {
      CallExtractor.between(parent, span).forEach(out::collect);
    } else {
      pending.waitForParent(span);
    }
  }

  private static void joinWithEarlyChildren(SpanView span, Pending pending, Collector<Call> out) throws Exception {
    List<SpanView> children = pending.takeChildren(span.spanId());
    if (children != null) {
      children.forEach(child -> CallExtractor.between(span, child).forEach(out::collect));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Call> out) throws Exception {
    TraceProgress trace = progress.value();
    List<SpanView> known = firstFragment.value();
    if (known != null) {
      firstFragment.clear(); // the trace came in one fragment: its spans were never in the map
    } else {
      known = new ArrayList<>(trace == null ? 16 : trace.spans());
      spans.values().forEach(known::add);
      spans.clear();
    }
    CallExtractor.untracedPeerCalls(known).forEach(out::collect);
    orphanSpans.inc(CallExtractor.orphans(known));
    if (trace == null || trace.childrenWaited()) {
      waitingForParent.clear();
    }
    progress.clear();
  }

  /**
   * The spans and waiting children a fragment adds, seen over the trace's state and written to it
   * in one go. A trace with no state yet is never read from state.
   */
  private final class Pending {
    private final boolean stored;
    /** The opening fragment's spans, moving into the map now; null when there is none to move. */
    private final Map<String, SpanView> moving;
    private final Map<String, SpanView> added = new LinkedHashMap<>();
    /** Waiting lists changed by this fragment; a null list is one its parent has taken. */
    private final Map<String, List<SpanView>> waiting = new HashMap<>();
    private boolean childrenWaited;

    /** {@code first}: the opening fragment's spans, if still stored as one value. */
    Pending(List<SpanView> first, boolean stored) {
      this.stored = stored;
      if (first == null) {
        moving = null;
      } else {
        moving = new HashMap<>(first.size() * 2);
        first.forEach(span -> moving.put(span.spanId(), span));
      }
    }

    /** Whether the map of spans may hold some: not while the opening fragment is still one value. */
    private boolean inMap() {
      return stored && moving == null;
    }

    boolean knows(String spanId) throws Exception {
      return added.containsKey(spanId) || (moving != null && moving.containsKey(spanId)) || (inMap() && spans.contains(spanId));
    }

    SpanView span(String spanId) throws Exception {
      SpanView span = added.get(spanId);
      if (span == null && moving != null) {
        span = moving.get(spanId);
      }
      return span != null || !inMap() ? span : spans.get(spanId);
    }

    void add(SpanView span) {
      added.put(span.spanId(), span);
    }

    int added() {
      return added.size();
    }

    boolean childrenWaited() {
      return childrenWaited;
    }

    void waitForParent(SpanView child) throws Exception {
      List<SpanView> before = waitingFor(child.parentSpanId());
      List<SpanView> after = before == null ? new ArrayList<>(2) : new ArrayList<>(before);
      after.add(child);
      waiting.put(child.parentSpanId(), after);
    }

    List<SpanView> takeChildren(String parentId) throws Exception {
      List<SpanView> children = waitingFor(parentId);
      if (children != null) {
        waiting.put(parentId, null);
      }
      return children;
    }

    private List<SpanView> waitingFor(String parentId) throws Exception {
      if (waiting.containsKey(parentId)) {
        return waiting.get(parentId);
      }
      return stored ? waitingForParent.get(parentId) : null;
    }

    void write() throws Exception {
      if (!stored) {
        firstFragment.update(new ArrayList<>(added.values()));
      } else {
        if (moving != null) {
          spans.putAll(moving);
          firstFragment.clear();
        }
        spans.putAll(added);
      }
      for (Map.Entry<String, List<SpanView>> entry : waiting.entrySet()) {
        if (entry.getValue() != null) {
          waitingForParent.put(entry.getKey(), entry.getValue());
          childrenWaited = true;
        } else if (stored) {
          waitingForParent.remove(entry.getKey());
        }
      }
    }
  }
}
