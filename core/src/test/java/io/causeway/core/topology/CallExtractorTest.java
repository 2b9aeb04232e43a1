package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallExtractorTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final long REQUEST_START = Instant.parse("2025-03-14T09:00:00Z").toEpochMilli();
  private static final long CLIENT_START = REQUEST_START + 5;
  private static final long SERVER_START = REQUEST_START + 7;

  /** frontend handles a request (SERVER) and calls cartservice (CLIENT), which serves it (SERVER). */
  private static final SpanView FRONTEND_SERVER =
      span("f-server", null, "frontend", "SERVER", REQUEST_START, 40_000, false);
  private static final SpanView FRONTEND_CLIENT =
      span("f-client", "f-server", "frontend", "CLIENT", CLIENT_START, 12_000, false);
  private static final SpanView CART_SERVER =
      span("c-server", "f-client", "cartservice", "SERVER", SERVER_START, 9_000, false);

  @Test
  void yieldsOneCallWhenTheChildArrivesAfterItsParent() {
    List<Call> calls = CallExtractor.onArrival(CART_SERVER, known(FRONTEND_SERVER, FRONTEND_CLIENT));

    assertThat(calls).containsExactly(new Call("frontend", "cartservice", "RPC", CLIENT_START, 12_000, false));
  }

  @Test
  void yieldsOneCallWhenTheParentArrivesAfterItsChild() {
    List<Call> calls = CallExtractor.onArrival(FRONTEND_CLIENT, known(CART_SERVER, FRONTEND_SERVER));

    assertThat(calls).containsExactly(new Call("frontend", "cartservice", "RPC", CLIENT_START, 12_000, false));
  }

  @Test
  void yieldsExactlyTheSameSingleCallInEveryArrivalOrder() {
    List<SpanView> spans = List.of(FRONTEND_SERVER, FRONTEND_CLIENT, CART_SERVER);
    for (List<SpanView> order : permutations(spans)) {
      assertThat(replay(order))
          .as("arrival order %s", order.stream().map(SpanView::spanId).toList())
          .containsExactly(new Call("frontend", "cartservice", "RPC", CLIENT_START, 12_000, false));
    }
  }

  @Test
  void yieldsNoCallBetweenParentAndChildOfTheSameService() {
    assertThat(CallExtractor.onArrival(FRONTEND_CLIENT, known(FRONTEND_SERVER))).isEmpty();
    assertThat(CallExtractor.onArrival(FRONTEND_SERVER, known(FRONTEND_CLIENT))).isEmpty();
  }

  @Test
  void yieldsNoCallWhileTheParentIsStillMissing() {
    assertThat(CallExtractor.onArrival(CART_SERVER, known(FRONTEND_SERVER))).isEmpty();
  }

  @Test
  void measuresTheCallOnTheCallersClientSpan() {
    Call call = CallExtractor.onArrival(CART_SERVER, known(FRONTEND_CLIENT)).get(0);

    assertThat(call.timestampMillis()).isEqualTo(CLIENT_START);
    assertThat(call.durationMicros()).isEqualTo(12_000);
    assertThat(call.edgeKey()).isEqualTo("frontend->cartservice");
  }

  @Test
  void marksTheCallFailedWhenTheCalleeFailedThoughTheClientSpanDidNot() {
    SpanView failingServer = span("c-server", "f-client", "cartservice", "SERVER", SERVER_START, 9_000, true);

    Call call = CallExtractor.onArrival(failingServer, known(FRONTEND_CLIENT)).get(0);

    assertThat(call.error()).isTrue();
    assertThat(call.durationMicros()).as("still the caller's duration").isEqualTo(12_000);
  }

  @Test
  void marksTheCallFailedWhenOnlyTheClientSpanFailed() {
    SpanView failingClient = span("f-client", "f-server", "frontend", "CLIENT", CLIENT_START, 12_000, true);

    assertThat(CallExtractor.onArrival(CART_SERVER, known(failingClient)).get(0).error()).isTrue();
  }

  @Test
  void measuresOnTheCalleeWhenTheCallerRecordedNoClientSpan() {
    SpanView failingParentServer = span("f-server", null, "frontend", "SERVER", REQUEST_START, 40_000, true);
    SpanView cartUnderServer = span("c-server", "f-server", "cartservice", "SERVER", SERVER_START, 9_000, false);

    Call call = CallExtractor.onArrival(cartUnderServer, known(failingParentServer)).get(0);

    assertThat(call).isEqualTo(new Call("frontend", "cartservice", "RPC", SERVER_START, 9_000, false));
  }

  @Test
  void aProducerWithARemoteConsumerIsAMessagingCall() {
    SpanView producer = span("p", null, "checkoutservice", "PRODUCER", CLIENT_START, 800, false);
    SpanView consumer = span("q", "p", "emailservice", "CONSUMER", SERVER_START, 30_000, false);

    assertThat(CallExtractor.onArrival(consumer, known(producer)))
        .containsExactly(new Call("checkoutservice", "emailservice", "MESSAGING", CLIENT_START, 800, false));
  }

  @Test
  void aConsumerChildMakesAMessagingCallWhateverItsParentsKind() {
    SpanView internal = span("i", null, "checkoutservice", "INTERNAL", CLIENT_START, 800, false);
    SpanView consumer = span("q", "i", "emailservice", "CONSUMER", SERVER_START, 30_000, false);

    assertThat(CallExtractor.onArrival(internal, known(consumer)))
        .extracting(Call::edgeKind)
        .containsExactly("MESSAGING");
  }

  @Test
  void untracedPeerCallsNameTheUninstrumentedPeerOfAClientSpan() {
    SpanView cartServer = span("c-server", "f-client", "cartservice", "SERVER", SERVER_START, 9_000, false);
    SpanView redisClient =
        new SpanView(TRACE, "r-client", "c-server", "cartservice", "CLIENT", SERVER_START + 1, 2_500, true, "redis-cart", "DATABASE");

    List<Call> calls = CallExtractor.untracedPeerCalls(List.of(FRONTEND_SERVER, FRONTEND_CLIENT, cartServer, redisClient));

    assertThat(calls)
        .containsExactly(new Call("cartservice", "redis-cart", "DATABASE", SERVER_START + 1, 2_500, true));
  }

  @Test
  void untracedPeerCallsSkipAClientSpanWhoseRemoteServerChildArrived() {
    SpanView clientNamingItsPeer =
        new SpanView(TRACE, "f-client", "f-server", "frontend", "CLIENT", CLIENT_START, 12_000, false, "cartservice", "EXTERNAL");

    assertThat(CallExtractor.untracedPeerCalls(List.of(FRONTEND_SERVER, clientNamingItsPeer, CART_SERVER))).isEmpty();
  }

  @Test
  void untracedPeerCallsKeepAClientSpanWhoseOnlyChildIsInItsOwnService() {
    SpanView client =
        new SpanView(TRACE, "c-client", null, "cartservice", "CLIENT", CLIENT_START, 3_000, false, "redis-cart", "DATABASE");
    SpanView sameServiceChild = span("c-internal", "c-client", "cartservice", "INTERNAL", CLIENT_START + 1, 1_000, false);

    assertThat(CallExtractor.untracedPeerCalls(List.of(client, sameServiceChild)))
        .extracting(Call::edgeKey)
        .containsExactly("cartservice->redis-cart");
  }

  @Test
  void untracedPeerCallsIgnoreClientSpansWithoutAPeerAndNonClientSpansWithOne() {
    SpanView clientWithoutPeer = span("c-client", null, "cartservice", "CLIENT", CLIENT_START, 3_000, false);
    SpanView serverWithPeer =
        new SpanView(TRACE, "s", null, "cartservice", "SERVER", CLIENT_START, 3_000, false, "redis-cart", "DATABASE");

    assertThat(CallExtractor.untracedPeerCalls(List.of(clientWithoutPeer, serverWithPeer))).isEmpty();
  }

  @Test
  void untracedPeerCallsCallAPeerOfUnknownKindExternal() {
    SpanView client =
        new SpanView(TRACE, "c-client", null, "checkoutservice", "CLIENT", CLIENT_START, 3_000, false, "api.stripe.com", null);

    assertThat(CallExtractor.untracedPeerCalls(List.of(client)))
        .extracting(Call::edgeKind)
        .containsExactly("EXTERNAL");
  }

  @Test
  void orphansCountSpansWhoseParentNeverArrived() {
    SpanView lostParentA = span("x", "missing-1", "cartservice", "SERVER", SERVER_START, 1_000, false);
    SpanView lostParentB = span("y", "missing-2", "currencyservice", "SERVER", SERVER_START, 1_000, false);

    assertThat(CallExtractor.orphans(List.of(FRONTEND_SERVER, FRONTEND_CLIENT, CART_SERVER))).isZero();
    assertThat(CallExtractor.orphans(List.of(FRONTEND_SERVER, FRONTEND_CLIENT, lostParentA, lostParentB))).isEqualTo(2);
  }

  @Test
  void whereNoSpanSaysItsKindTheCallersSpanMeasuresTheCall() {
    SpanView stub = span("f-stub", null, "frontend", "UNSPECIFIED", CLIENT_START, 600_000, false);
    SpanView served = span("c-served", "f-stub", "currencyservice", "UNSPECIFIED", CLIENT_START, 2_000, false);
    SpanView knownServer = span("c-server", "f-stub", "currencyservice", "SERVER", CLIENT_START, 2_000, false);

    assertThat(CallExtractor.between(stub, served)).singleElement()
        .satisfies(call -> assertThat(call.durationMicros()).as("what the caller waited, the delayed network included").isEqualTo(600_000));
    assertThat(CallExtractor.between(stub, knownServer)).singleElement()
        .satisfies(call -> assertThat(call.durationMicros()).as("a known server span under an unknown parent still measures").isEqualTo(2_000));
  }

  private static SpanView span(
      String id, String parent, String service, String kind, long start, long durationMicros, boolean error) {
    return new SpanView(TRACE, id, parent, service, kind, start, durationMicros, error, null, null);
  }

  private static Map<String, SpanView> known(SpanView... spans) {
    Map<String, SpanView> byId = new LinkedHashMap<>();
    for (SpanView span : spans) {
      byId.put(span.spanId(), span);
    }
    return byId;
  }

  /** What the trace join does: each span is matched against those that came before it. */
  private static List<Call> replay(List<SpanView> arrivals) {
    Map<String, SpanView> known = new LinkedHashMap<>();
    List<Call> calls = new ArrayList<>();
    for (SpanView span : arrivals) {
      calls.addAll(CallExtractor.onArrival(span, known));
      known.put(span.spanId(), span);
    }
    return calls;
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T head = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> order = new ArrayList<>();
        order.add(head);
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }
}
