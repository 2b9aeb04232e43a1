package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanViewsTest {

  private static final Instant START = Instant.parse("2025-03-14T09:00:00.250Z");

  @Test
  void readsIdentityKindTimingAndStatusOfTheAvroSpan() {
    Span span =
        span(SpanKind.CLIENT, SpanStatus.ERROR, null, Map.of())
            .setParentSpanId("00f067aa0ba902b7")
            .build();

    SpanView view = SpanViews.of(span);

    assertThat(view.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(view.spanId()).isEqualTo("53995c3f42cd8ad8");
    assertThat(view.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(view.service()).isEqualTo("cartservice");
    assertThat(view.kind()).isEqualTo("CLIENT");
    assertThat(view.isClient()).isTrue();
    assertThat(view.startMillis()).isEqualTo(START.toEpochMilli());
    assertThat(view.durationMicros()).isEqualTo(2_500);
    assertThat(view.error()).isTrue();
  }

  @Test
  void onlyAnErrorStatusMakesTheViewFailed() {
    assertThat(SpanViews.of(span(SpanKind.SERVER, SpanStatus.OK, null, Map.of()).build()).error()).isFalse();
    assertThat(SpanViews.of(span(SpanKind.SERVER, SpanStatus.UNSET, null, Map.of()).build()).error()).isFalse();
  }

  @Test
  void aRootSpanHasNoParent() {
    assertThat(SpanViews.of(span(SpanKind.SERVER, SpanStatus.OK, null, Map.of()).build()).hasParent()).isFalse();
  }

  @Test
  void thePeerServiceFieldWinsOverEveryAttribute() {
    assertThat(peerOf("redis-cart", allPeerAttributes())).isEqualTo("redis-cart");
  }

  @Test
  void namesThePeerFromAttributesInConventionOrder() {
    Map<String, String> attributes = allPeerAttributes();
    List<String> order = List.of("peer.service", "db.name", "db.system", "messaging.destination.name", "server.address");

    for (String key : order) {
      assertThat(peerOf(null, attributes)).as("with %s present", key).isEqualTo(attributes.get(key));
      attributes.remove(key);
    }
    assertThat(peerOf(null, attributes)).as("with none left").isNull();
  }

  @Test
  void skipsBlankNamesWhenLookingForThePeer() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("peer.service", "");
    attributes.put("db.name", "  ");
    attributes.put("server.address", "redis-cart.default.svc");

    assertThat(peerOf(" ", attributes)).isEqualTo("redis-cart.default.svc");
  }

  @Test
  void aDatabaseSystemMakesTheCallADatabaseCall() {
    assertThat(kindOf(Map.of("db.system", "redis", "server.address", "redis-cart"))).isEqualTo("DATABASE");
  }

  @Test
  void aMessagingSystemMakesTheCallAMessagingCall() {
    assertThat(kindOf(Map.of("messaging.system", "kafka", "messaging.destination.name", "orders")))
        .isEqualTo("MESSAGING");
  }

  @Test
  void anyOtherPeerIsExternal() {
    assertThat(kindOf(Map.of("server.address", "api.stripe.com"))).isEqualTo("EXTERNAL");
  }

  private static String peerOf(String peerService, Map<String, String> attributes) {
    return SpanViews.of(span(SpanKind.CLIENT, SpanStatus.OK, peerService, attributes).build()).peer();
  }

  private static String kindOf(Map<String, String> attributes) {
    return SpanViews.of(span(SpanKind.CLIENT, SpanStatus.OK, null, attributes).build()).peerKind();
  }

  private static Map<String, String> allPeerAttributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("server.address", "10.0.0.12");
    attributes.put("messaging.destination.name", "orders");
    attributes.put("db.system", "redis");
    attributes.put("db.name", "carts");
    attributes.put("peer.service", "cart-store");
    return attributes;
  }

  private static Span.Builder span(SpanKind kind, SpanStatus status, String peerService, Map<String, String> attributes) {
    return Span.newBuilder()
        .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .setSpanId("53995c3f42cd8ad8")
        .setService("cartservice")
        .setOperation("HGET")
        .setKind(kind)
        .setStartTime(START)
        .setDurationMicros(2_500)
        .setStatus(status)
        .setPeerService(peerService)
        .setAttributes(new LinkedHashMap<>(attributes));
  }
}
