package io.causeway.jobs.topology;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.core.topology.Call;
import io.causeway.core.topology.SpanView;
import io.causeway.core.topology.SpanViews;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import io.causeway.jobs.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trace join as the job feeds it: fragments with their join worked out upstream, as {@link
 * TraceBatcher} sends them. {@link TraceJoinFunctionSpanBySpanTest} runs every test again on
 * fragments without it, which the join takes span by span: both must give the same calls.
 */
class TraceJoinFunctionTest {

  /** Whether fragments come with their join worked out, as from {@link TraceBatcher}. */
  boolean joinedUpstream() {
    return true;
  }

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final int TRACE_CAP = 5_000;

  /** A product page request: frontend asks productcatalogservice and cartservice, cart asks redis. */
  private static final Instant REQUEST_START = Instant.parse("2025-03-01T10:00:00Z");
  private static final String TRACE = "trace-product-page";

  private KeyedOneInputStreamOperatorTestHarness<String, TraceFragment, Call> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void emitsOneCallPerCrossServiceParentAndChildWhateverTheArrivalOrder() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    List<List<SpanView>> orders = permutations(productPage(TRACE));
    assertThat(orders).hasSize(720);

    for (int i = 0; i < orders.size(); i++) {
      for (SpanView span : orders.get(i)) {
        SpanView ofTrace = withTrace(span, "trace-" + i);
        harness.processElement(fragment(List.of(ofTrace)), ofTrace.startMillis());
      }
      assertThat(harness.extractOutputValues())
          .as("calls of arrival order %d: %s", i, orders.get(i).stream().map(SpanView::spanId).toList())
          .containsExactlyInAnyOrder(frontendToCatalog(), frontendToCart());
      harness.getOutput().clear();
    }
  }

  @Test
  void joinsATraceDeliveredInTwoFragmentsLikeOneSpanAtATimeWhereverItIsSplitAndWhateverTheOrder() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    List<List<SpanView>> orders = permutations(productPage(TRACE));
    int trace = 0;
    for (List<SpanView> order : orders) {
      for (int split = 0; split <= order.size(); split++, trace++) {
        String traceId = "trace-" + trace;
        List<SpanView> spans = order.stream().map(s -> withTrace(s, traceId)).toList();
        processFragment(spans.subList(0, split));
        processFragment(spans.subList(split, spans.size()));
        assertThat(harness.extractOutputValues())
            .as("calls of arrival order %s split after %d", order.stream().map(SpanView::spanId).toList(), split)
            .containsExactlyInAnyOrder(frontendToCatalog(), frontendToCart());
        harness.getOutput().clear();
      }
    }
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).plusSeconds(1).toEpochMilli()); // past every trace's first span
    assertThat(harness.extractOutputValues()).as("one untraced redis call per trace").hasSize(trace);
    assertThat(tracesWithSpans()).isZero();
    assertThat(keysWithState(harness, "children-waiting-for-parent")).isZero();
  }

  @Test
  void countsADuplicateInsideOneFragmentAndHonoursTheCapAcrossFragments() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, 4), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, null, metrics.environment());
    List<SpanView> trace = productPage(TRACE);

    processFragment(List.of(trace.get(0), trace.get(1), trace.get(1), trace.get(2)));
    processFragment(trace.subList(3, 6)); // room for one more span only: the cart's client span

    assertThat(harness.extractOutputValues()).containsExactly(frontendToCatalog());
    assertThat(metrics.causewayCounter("spans")).as("every span received, kept or not").isEqualTo(7);
    assertThat(metrics.causewayCounter("duplicateSpans")).isEqualTo(1);
    assertThat(metrics.causewayCounter("spansOverTraceCap")).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void measuresEachCallOnTheCallersClientSpan() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));

    process(productPage(TRACE));

    assertThat(harness.extractOutputValues())
        .filteredOn(call -> call.callee().equals("productcatalogservice"))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.caller()).isEqualTo("frontend");
              assertThat(call.edgeKind()).isEqualTo("RPC");
              assertThat(call.timestampMillis()).isEqualTo(REQUEST_START.plusMillis(5).toEpochMilli());
              assertThat(call.durationMicros()).isEqualTo(40_000);
              assertThat(call.error()).isFalse();
            });
  }

  @Test
  void countsAFailedServerSpanAsAFailedCallOfItsClient() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    SpanView client = view(span(TRACE, "fe-to-pc", "fe-server", "frontend", SpanKind.CLIENT, 5, 40_000, "productcatalogservice", Map.of()));
    SpanView failedServer =
        view(Span.newBuilder(span(TRACE, "pc-server", "fe-to-pc", "productcatalogservice", SpanKind.SERVER, 6, 38_000, null, Map.of())).setStatus(SpanStatus.ERROR).build());

    process(List.of(failedServer, client));

    assertThat(harness.extractOutputValues()).singleElement().satisfies(call -> assertThat(call.error()).isTrue());
  }

  @Test
  void emitsTheUntracedRedisCallOnlyWhenTheJoinTimeoutFires() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    process(productPage(TRACE));
    harness.getOutput().clear();
    long timeout = REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli();

    harness.processWatermark(timeout - 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(timeout);
    assertThat(harness.extractOutputValues())
        .containsExactly(new Call("cartservice", "redis-cart", "DATABASE", REQUEST_START.plusMillis(52).toEpochMilli(), 10_000, false));
  }

  @Test
  void keepsOneTimerPerTraceAtItsFirstSpanPlusTheJoinTimeout() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));

    process(productPage(TRACE));
    process(productPage("trace-other"));

    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    assertThat(keysWithState(harness, "trace-spans")).isEqualTo(2);
    assertThat(keysWithState(harness, "trace-expiry")).isEqualTo(2);
  }

  @Test
  void clearsTheTraceStateAndItsTimerAtTheJoinTimeout() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    process(productPage(TRACE));

    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(tracesWithSpans()).isZero();
    assertThat(keysWithState(harness, "trace-expiry")).isZero();
  }

  @Test
  void joinsATraceAcrossASnapshotAndRestoreOnRocksDb() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    List<SpanView> trace = productPage(TRACE);
    process(trace.subList(0, 3)); // frontend's spans and the catalog's server span
    assertThat(harness.extractOutputValues()).containsExactly(frontendToCatalog());
    OperatorSubtaskState snapshot = harness.snapshot(1L, REQUEST_START.toEpochMilli());
    harness.close();

    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, snapshot, null);
    assertThat(harness.numEventTimeTimers()).as("the trace's timer is restored").isEqualTo(1);
    process(trace.subList(3, trace.size())); // cart's spans
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.extractOutputValues())
        .containsExactly(
            frontendToCart(),
            new Call("cartservice", "redis-cart", "DATABASE", REQUEST_START.plusMillis(52).toEpochMilli(), 10_000, false));
    assertThat(tracesWithSpans()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void holdsASpanArrivingAfterItsTraceTimedOutOnlyUntilTheNextWatermark() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    List<SpanView> trace = productPage(TRACE);
    process(trace.subList(0, 2)); // frontend's server and client span
    long watermark = REQUEST_START.plus(JOIN_TIMEOUT).plusSeconds(1).toEpochMilli();
    harness.processWatermark(watermark);
    harness.getOutput().clear();

    process(List.of(trace.get(2))); // the catalog's server span, too late to meet its parent
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(tracesWithSpans()).isEqualTo(1);
    harness.processWatermark(watermark + 1);

    assertThat(tracesWithSpans()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void ignoresAndCountsSpansBeyondTheTraceCap() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, 2), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, null, metrics.environment());
    List<SpanView> trace = productPage(TRACE);

    process(trace.subList(0, 3)); // the catalog's server span is the third

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(metrics.causewayCounter("spansOverTraceCap")).isEqualTo(1);
  }

  @Test
  void countsSpansWhoseParentNeverArrivedWhenTheTraceTimesOut() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, null, metrics.environment());
    List<SpanView> trace = productPage(TRACE);
    process(List.of(trace.get(0), trace.get(2), trace.get(4))); // frontend's client spans were lost

    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(metrics.causewayCounter("unjoinedSpans")).isEqualTo(2);
  }

  @Test
  void aRedeliveredSpanDoesNotEmitItsCallTwiceAndIsCounted() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, null, metrics.environment());
    List<SpanView> trace = productPage(TRACE);

    process(trace.subList(0, 3));
    process(List.of(trace.get(2), trace.get(1))); // child and parent again, as an at-least-once producer may send them

    assertThat(harness.extractOutputValues()).containsExactly(frontendToCatalog());
    assertThat(metrics.causewayCounter("duplicateSpans")).isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void storesATraceThatArrivesWholeAsOneValueAndMovesItIntoTheMapWhenMoreSpansCome() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    List<SpanView> trace = productPage(TRACE);

    processFragment(trace.subList(0, 3));
    assertThat(tracesHeldAsOneValue()).isEqualTo(1);
    assertThat(keysWithState(harness, TraceJoinFunction.SPANS_STATE)).isZero();

    processFragment(List.of(trace.get(4), trace.get(3))); // cart's server span waits within the fragment for its client
    assertThat(tracesHeldAsOneValue()).isZero();
    assertThat(keysWithState(harness, TraceJoinFunction.SPANS_STATE)).isEqualTo(1);
    processFragment(List.of(trace.get(1), trace.get(5))); // a redelivered span of the first fragment, and redis
    assertThat(harness.extractOutputValues()).containsExactly(frontendToCatalog(), frontendToCart());

    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());
    assertThat(harness.extractOutputValues()).hasSize(3).last().isEqualTo(cartToRedis());
    assertThat(tracesWithSpans()).isZero();
  }

  @Test
  void emitsTheSameCallsForATraceThatArrivesWholeAsForOneThatArrivesSpanBySpan() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    processFragment(productPage(TRACE));
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());
    List<Call> whole = List.copyOf(harness.extractOutputValues());
    harness.close();

    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    process(productPage(TRACE));
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(whole).containsExactly(frontendToCatalog(), frontendToCart(), cartToRedis());
    assertThat(harness.extractOutputValues()).containsExactlyElementsOf(whole);
  }

  @Test
  void aSpanAfterAWholeTraceFindsItsParentAndTakesBackTheUntracedCallItsParentWouldHaveMade() throws Exception {
    harness = open(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP));
    processFragment(productPage(TRACE));
    harness.getOutput().clear();

    SpanView redisServer = view(span(TRACE, "redis-server", "cart-to-redis", "redis-cart", SpanKind.SERVER, 53, 8_000, null, Map.of()));
    processFragment(List.of(redisServer)); // the redis client span now has a traced child
    assertThat(harness.extractOutputValues()).containsExactly(cartToRedisServer());
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.extractOutputValues()).as("no untraced redis call at the timeout").containsExactly(cartToRedisServer());
    assertThat(tracesWithSpans()).isZero();
  }

  @Test
  void aTraceStoredAsItCameFromAnOlderVersionIsStillJoinedAndCleared() throws Exception {
    List<SpanView> trace = productPage(TRACE);
    harness = Harnesses.keyed(new LegacyJoin(), TraceFragment::traceId, Types.STRING);
    harness.processElement(new TraceFragment(TRACE, trace.subList(0, 3)), REQUEST_START.toEpochMilli());
    OperatorSubtaskState snapshot = harness.snapshot(1L, REQUEST_START.toEpochMilli());
    harness.close();

    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, snapshot, null);
    processFragment(trace.subList(3, 6));
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.extractOutputValues()).containsExactly(frontendToCart(), cartToRedis());
    assertThat(keysWithState(harness, TraceJoinFunction.LEGACY_FIRST_FRAGMENT_STATE)).isZero();
    assertThat(tracesWithSpans()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aWholeTraceStoredByAnOlderVersionEmitsItsUntracedCallsAtItsTimeout() throws Exception {
    harness = Harnesses.keyed(new LegacyJoin(), TraceFragment::traceId, Types.STRING);
    harness.processElement(new TraceFragment(TRACE, productPage(TRACE)), REQUEST_START.toEpochMilli());
    OperatorSubtaskState snapshot = harness.snapshot(1L, REQUEST_START.toEpochMilli());
    harness.close();

    harness = Harnesses.keyed(new TraceJoinFunction(JOIN_TIMEOUT, TRACE_CAP), TraceFragment::traceId, Types.STRING, Backend.ROCKSDB, snapshot, null);
    harness.processWatermark(REQUEST_START.plus(JOIN_TIMEOUT).toEpochMilli());

    assertThat(harness.extractOutputValues()).containsExactly(cartToRedis());
    assertThat(keysWithState(harness, TraceJoinFunction.LEGACY_FIRST_FRAGMENT_STATE)).isZero();
    assertThat(keysWithState(harness, TraceJoinFunction.PROGRESS_STATE)).isZero();
  }

  /** What the join of version 0.1 stored for a trace whose first fragment came: the spans apart, progress without them. */
  private static final class LegacyJoin extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, TraceFragment, Call> {
    @Override
    public void processElement(TraceFragment fragment, Context ctx, org.apache.flink.util.Collector<Call> out) throws Exception {
      long at = ctx.timestamp() + JOIN_TIMEOUT.toMillis();
      getRuntimeContext().getState(legacyFirstFragment()).update(new ArrayList<>(fragment.spans()));
      getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>("trace-expiry", TraceProgress.LegacySerializer.INSTANCE))
          .update(new TraceProgress(at, fragment.size(), false, null));
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  private static Call cartToRedisServer() {
    return new Call("cartservice", "redis-cart", "RPC", REQUEST_START.plusMillis(52).toEpochMilli(), 10_000, false);
  }

  private static org.apache.flink.api.common.state.ValueStateDescriptor<List<SpanView>> legacyFirstFragment() {
    return new org.apache.flink.api.common.state.ValueStateDescriptor<>(
        TraceJoinFunction.LEGACY_FIRST_FRAGMENT_STATE, new org.apache.flink.api.common.typeutils.base.ListSerializer<>(SpanViewSerializer.INSTANCE));
  }

  /** Traces with spans in either store; a trace's spans are in one of the two, never both. */
  private int tracesWithSpans() throws Exception {
    return tracesHeldAsOneValue() + keysWithState(harness, TraceJoinFunction.SPANS_STATE);
  }

  /** Traces whose progress holds the fragment that opened them: no other fragment has come. */
  private int tracesHeldAsOneValue() throws Exception {
    var backend = harness.getOperator().getKeyedStateBackend();
    var progress =
        backend.getPartitionedState(
            org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
            org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
            new org.apache.flink.api.common.state.ValueStateDescriptor<>(TraceJoinFunction.PROGRESS_STATE, TraceProgress.Serializer.INSTANCE));
    List<Object> keys;
    try (var stream = backend.getKeys(TraceJoinFunction.PROGRESS_STATE, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
      keys = stream.toList();
    }
    int held = 0;
    for (Object key : keys) {
      backend.setCurrentKey(key);
      held += progress.value().first() != null ? 1 : 0;
    }
    return held;
  }

  private static Call cartToRedis() {
    return new Call("cartservice", "redis-cart", "DATABASE", REQUEST_START.plusMillis(52).toEpochMilli(), 10_000, false);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, TraceFragment, Call> open(TraceJoinFunction function) throws Exception {
    return Harnesses.keyed(function, TraceFragment::traceId, Types.STRING);
  }

  /** Each span in a fragment of its own. */
  private void process(List<SpanView> spans) throws Exception {
    for (SpanView span : spans) {
      harness.processElement(fragment(List.of(span)), span.startMillis());
    }
  }

  private void processFragment(List<SpanView> spans) throws Exception {
    if (!spans.isEmpty()) {
      harness.processElement(fragment(spans), spans.get(0).startMillis());
    }
  }

  private TraceFragment fragment(List<SpanView> spans) {
    String traceId = spans.get(0).traceId();
    return joinedUpstream() ? TraceFragment.joined(traceId, spans, TRACE_CAP, new DataOutputSerializer(256)) : new TraceFragment(traceId, spans);
  }

  /** The six spans of one product page request, in the order they started. */
  private static List<SpanView> productPage(String traceId) {
    return List.of(
        view(span(traceId, "fe-server", null, "frontend", SpanKind.SERVER, 0, 120_000, null, Map.of())),
        view(span(traceId, "fe-to-pc", "fe-server", "frontend", SpanKind.CLIENT, 5, 40_000, "productcatalogservice", Map.of())),
        view(span(traceId, "pc-server", "fe-to-pc", "productcatalogservice", SpanKind.SERVER, 6, 38_000, null, Map.of())),
        view(span(traceId, "fe-to-cart", "fe-server", "frontend", SpanKind.CLIENT, 50, 30_000, "cartservice", Map.of())),
        view(span(traceId, "cart-server", "fe-to-cart", "cartservice", SpanKind.SERVER, 51, 28_000, null, Map.of())),
        view(span(traceId, "cart-to-redis", "cart-server", "cartservice", SpanKind.CLIENT, 52, 10_000, "redis-cart", Map.of("db.system", "redis"))));
  }

  private static Call frontendToCatalog() {
    return new Call("frontend", "productcatalogservice", "RPC", REQUEST_START.plusMillis(5).toEpochMilli(), 40_000, false);
  }

  private static Call frontendToCart() {
    return new Call("frontend", "cartservice", "RPC", REQUEST_START.plusMillis(50).toEpochMilli(), 30_000, false);
  }

  private static Span span(
      String traceId, String id, String parent, String service, SpanKind kind, long startOffsetMillis, long durationMicros, String peer, Map<String, String> attributes) {
    return Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(id)
        .setParentSpanId(parent)
        .setService(service)
        .setOperation(service + "/op")
        .setKind(kind)
        .setStartTime(REQUEST_START.plusMillis(startOffsetMillis))
        .setDurationMicros(durationMicros)
        .setStatus(SpanStatus.UNSET)
        .setPeerService(peer)
        .setAttributes(attributes)
        .build();
  }

  private static SpanView view(Span span) {
    return SpanViews.of(span);
  }

  private static SpanView withTrace(SpanView s, String traceId) {
    return new SpanView(traceId, s.spanId(), s.parentSpanId(), s.service(), s.kind(), s.startMillis(), s.durationMicros(), s.error(), s.peer(), s.peerKind());
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> order = new ArrayList<>(List.of(first));
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }
}
