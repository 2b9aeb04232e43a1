package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which edges which span shapes give, through the same builder the job's rules use. */
class GraphSemanticsTest {

  private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");

  @Test
  void aProducerAndItsConsumerMeetAtTheTopicNode() {
    GraphBuilder graph = new GraphBuilder()
        .add(SpanViews.of(span("t1", "p", null, "checkoutservice", null, SpanKind.PRODUCER,
            Map.of("messaging.system", "kafka", "messaging.destination.name", "orders"))))
        .add(SpanViews.of(span("t1", "c", "p", "emailservice", null, SpanKind.CONSUMER, Map.of())));

    assertThat(graph.build()).containsOnlyKeys("checkoutservice->orders", "orders->emailservice")
        .allSatisfy((key, edge) -> assertThat(edge.kind()).isEqualTo("MESSAGING"));
  }

  @Test
  void aDatabaseClientWithoutATracedServerIsAnEdgeToTheDatabase() {
    GraphBuilder graph = new GraphBuilder()
        .add(SpanViews.of(span("t1", "s", null, "cartservice", null, SpanKind.SERVER, Map.of())))
        .add(SpanViews.of(span("t1", "db", "s", "cartservice", null, SpanKind.CLIENT, Map.of("db.system", "redis", "db.name", "redis-cart"))));

    assertThat(graph.build()).containsOnlyKeys("cartservice->redis-cart")
        .allSatisfy((key, edge) -> assertThat(edge.kind()).isEqualTo("DATABASE"));
  }

  @Test
  void servicesInDifferentNamespacesAreDifferentNodes() {
    GraphBuilder graph = new GraphBuilder()
        .add(SpanViews.of(span("t1", "a", null, "frontend", "shop", SpanKind.CLIENT, Map.of())))
        .add(SpanViews.of(span("t1", "b", "a", "cartservice", "shop", SpanKind.SERVER, Map.of())))
        .add(SpanViews.of(span("t2", "c", null, "frontend", "staging", SpanKind.CLIENT, Map.of())))
        .add(SpanViews.of(span("t2", "d", "c", "cartservice", "shop", SpanKind.SERVER, Map.of())));

    assertThat(graph.build()).containsOnlyKeys("shop/frontend->shop/cartservice", "staging/frontend->shop/cartservice");
  }

  @Test
  void instancesOfOneServiceAreOneNodeWhateverThePods() {
    GraphBuilder graph = new GraphBuilder()
        .add(SpanViews.of(withInstance(span("t1", "a", null, "frontend", null, SpanKind.CLIENT, Map.of()), "frontend-1")))
        .add(SpanViews.of(withInstance(span("t1", "b", "a", "cartservice", null, SpanKind.SERVER, Map.of()), "cartservice-7d4f8b9c6-aaaaa")))
        .add(SpanViews.of(withInstance(span("t2", "c", null, "frontend", null, SpanKind.CLIENT, Map.of()), "frontend-2")))
        .add(SpanViews.of(withInstance(span("t2", "d", "c", "cartservice", null, SpanKind.SERVER, Map.of()), "cartservice-5c95b49cff-bbbbb")));

    assertThat(graph.build()).containsOnlyKeys("frontend->cartservice")
        .allSatisfy((key, edge) -> assertThat(edge.stats().calls()).isEqualTo(2));
  }

  private static Span withInstance(Span span, String instance) {
    span.setInstance(instance);
    return span;
  }

  private static Span span(String trace, String id, String parent, String service, String namespace, SpanKind kind, Map<String, String> attributes) {
    return Span.newBuilder()
        .setTraceId(trace).setSpanId(id).setParentSpanId(parent)
        .setService(service).setNamespace(namespace)
        .setOperation("op").setKind(kind)
        .setStartTime(T0).setDurationMicros(1_000).setStatus(SpanStatus.UNSET)
        .setAttributes(attributes)
        .build();
  }
}
