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
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins the spans of one trace (keyed by trace id), in whatever order they arrive, into calls:
 * each span looks up its parent by id, and the children that came before it wait under its id,
 * so a span costs a few point lookups whatever the size of its trace. Spans come in {@link
 * TraceFragment}s and are handled one after the other as if each came alone. A fragment that opens
 * its trace (the common case: {@link TraceBatcher} delivers most traces whole) comes with its
 * join worked out ({@link FreshTraceJoin}): the join emits those calls and stores the spans as the
 * bytes they came in, with what the timeout will emit ({@link StoredFragment}), in the trace's one
 * value of progress; so a trace that arrives whole is never decoded here and costs one state read
 * and one write (and its timer), and at its timeout one read and one delete, however many spans it
 * holds. A second fragment moves the first one's spans into the map by span id, where later ones
 * find their parents with point lookups.
 *
 * <p>State: the trace's progress (expiry time, span count, and the fragment that opened the trace
 * while no other has come) or, once a second fragment came, the trace's spans by id besides; the
 * early children by parent id. All are cleared by an event-time timer {@code joinTimeout} after
 * the trace's first span; a trace may hold at most {@code maxSpansPerTrace} spans (the rest are
 * counted and ignored), so state is bounded per trace and in time. Spans are stored compactly
 * ({@link SpanViewSerializer}, about 40 bytes each). Up to version 0.1 the opening fragment was stored
 * apart, as a list of spans ({@value #LEGACY_FIRST_FRAGMENT_STATE}); such state, restored from an
 * older savepoint, is still read, and cleared at its trace's timeout (the progress it came with is
 * migrated on restore, see {@link TraceProgress.WithFragmentSnapshot}).
 *
 * <p>Metrics ({@code causeway.*}): {@code spans} received, {@code unjoinedSpans} whose parent never
 * came, {@code spansOverTraceCap} and {@code duplicateSpans} ignored.
 */
public final class TraceJoinFunction extends KeyedProcessFunction<String, TraceFragment, Call> {

  private static final long serialVersionUID = 1L;

  static final String PROGRESS_STATE = "trace-expiry";
  static final String LEGACY_FIRST_FRAGMENT_STATE = "trace-first-fragment";
  static final String SPANS_STATE = "trace-spans";

  private final long joinTimeoutMillis;
  private final int maxSpansPerTrace;

  private transient ValueState<List<SpanView>> legacyFirstFragment;
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
    legacyFirstFragment = getRuntimeContext().getState(new ValueStateDescriptor<>(LEGACY_FIRST_FRAGMENT_STATE, new ListSerializer<>(SpanViewSerializer.INSTANCE)));
    spans = getRuntimeContext().getMapState(new MapStateDescriptor<>(SPANS_STATE, StringSerializer.INSTANCE, SpanViewSerializer.INSTANCE));
    waitingForParent = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("children-waiting-for-parent", StringSerializer.INSTANCE, new ListSerializer<>(SpanViewSerializer.INSTANCE)));
    progress = getRuntimeContext().getState(new ValueStateDescriptor<>(PROGRESS_STATE, TraceProgress.Serializer.INSTANCE));
    var metrics = getRuntimeContext().getMetricGroup().addGroup("causeway");
    receivedSpans = metrics.counter("spans");
    orphanSpans = metrics.counter("unjoinedSpans");
    droppedSpans = metrics.counter("spansOverTraceCap");
    duplicateSpans = metrics.counter("duplicateSpans");
  }

  @Override
  public void processElement(TraceFragment fragment, Context ctx, Collector<Call> out) throws Exception {
    receivedSpans.inc(fragment.size());
    TraceProgress before = progress.value();
    if (before == null && fragment.fresh() != null) {
      openWithJoinedFragment(fragment, ctx, out);
      return;
    }
    Pending pending = new Pending(fragment.traceId(), before);
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
      startTrace(ctx, pending.added(), pending.childrenWaited(), pending.opening());
    } else {
      progress.update(before.plus(pending.added(), pending.childrenWaited()));
    }
  }

  /** A fragment that opens its trace, joined upstream: its calls, and its spans stored as they came. */
  private void openWithJoinedFragment(TraceFragment fragment, Context ctx, Collector<Call> out) throws Exception {
    FreshTraceJoin joined = fragment.fresh();
    joined.calls().forEach(out::collect);
    startTrace(ctx, fragment.size(), false, new StoredFragment(fragment.encoded(), joined.atTimeout(), 0, false));
  }

  private void startTrace(Context ctx, int spans, boolean childrenWaited, StoredFragment first) throws Exception {
    long at = ctx.timestamp() + joinTimeoutMillis;
    progress.update(new TraceProgress(at, spans, childrenWaited, first));
    ctx.timerService().registerEventTimeTimer(at);
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
    if (trace != null && trace.first() != null) { // the trace came in one fragment: what to do now was worked out then
      StoredFragment first = trace.first();
      first.atTimeout().forEach(out::collect);
      orphanSpans.inc(first.orphans());
      if (first.childrenWaited()) {
        waitingForParent.clear();
      }
      progress.clear();
      return;
    }
    List<SpanView> known = legacyFirstFragment.value();
    if (known != null) {
      legacyFirstFragment.clear();
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

    /** Whether the spans moving into the map come from the state of version 0.1, to be cleared. */
    private boolean movingFromLegacy;
    /** A fragment opening the trace: as stored in its progress. */
    private StoredFragment opening;

    /** {@code before}: the trace's progress, null if it has none; its opening fragment moves into the map. */
    Pending(String traceId, TraceProgress before) throws Exception {
      this.stored = before != null;
      List<SpanView> first = null;
      if (before != null && before.first() != null) {
        first = before.first().decode(traceId);
      } else if (before != null) {
        first = legacyFirstFragment.value();
        movingFromLegacy = first != null;
      }
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

    /** For a trace with no state before: its opening fragment as it is to be stored, once written. */
    StoredFragment opening() {
      return opening;
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
      for (Map.Entry<String, List<SpanView>> entry : waiting.entrySet()) {
        if (entry.getValue() != null) {
          waitingForParent.put(entry.getKey(), entry.getValue());
          childrenWaited = true;
        } else if (stored) {
          waitingForParent.remove(entry.getKey());
        }
      }
      if (!stored) {
        List<SpanView> first = new ArrayList<>(added.values());
        byte[] encoded = SpanViewSerializer.encodeAll(first, new DataOutputSerializer(64 * first.size()));
        opening = new StoredFragment(encoded, CallExtractor.untracedPeerCalls(first), CallExtractor.orphans(first), childrenWaited);
      } else {
        if (moving != null) {
          spans.putAll(moving);
          if (movingFromLegacy) {
            legacyFirstFragment.clear();
          }
        }
        spans.putAll(added);
      }
    }
  }
}
