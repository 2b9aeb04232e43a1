package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.SimulatorFixtures.config;
import static io.causeway.ingest.sim.SimulatorFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTracesTest {

  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
  private static List<Span> spans;
  private static Map<String, Span> byId;

  @BeforeAll
  static void generateAMinuteOfHealthyTraffic() {
    spans = run(config(21).build(), ONE_MINUTE).spans();
    byId = spans.stream().collect(Collectors.toMap(Span::getSpanId, Function.identity()));
  }

  @Test
  void callPairsSeenInSpansAreExactlyTheOnlineBoutiqueCallGraph() {
    Set<ServiceCall> seen = new HashSet<>();
    for (Span span : spans) {
      Span parent = span.getParentSpanId() == null ? null : byId.get(span.getParentSpanId());
      if (span.getKind() == SpanKind.SERVER && parent != null) {
        assertThat(parent.getKind()).isEqualTo(SpanKind.CLIENT);
        seen.add(new ServiceCall(parent.getService(), span.getService()));
      }
      if (span.getKind() == SpanKind.CLIENT && "redis-cart".equals(span.getPeerService())) {
        seen.add(new ServiceCall(span.getService(), span.getPeerService()));
      }
    }

    assertThat(seen).isEqualTo(OnlineBoutique.callGraph());
  }

  @Test
  void everyTraceHasOneFrontendServerRootAndNoOrphans() {
    Map<String, List<Span>> traces =
        spans.stream().collect(Collectors.groupingBy(Span::getTraceId));

    assertThat(traces).hasSizeGreaterThan(1000);
    traces.values().forEach(trace -> {
      List<Span> roots = trace.stream().filter(s -> s.getParentSpanId() == null).toList();
      assertThat(roots).singleElement().satisfies(root -> {
        assertThat(root.getService()).isEqualTo("frontend");
        assertThat(root.getKind()).isEqualTo(SpanKind.SERVER);
      });
      trace.stream()
          .filter(s -> s.getParentSpanId() != null)
          .forEach(s -> assertThat(byId.get(s.getParentSpanId()).getTraceId())
              .isEqualTo(s.getTraceId()));
    });
  }

  @Test
  void clientSpansAreChildrenOfTheCallersServerSpanAndNameTheirPeer() {
    Spans.of(spans).where(s -> s.getKind() == SpanKind.CLIENT).list().forEach(client -> {
      Span parent = byId.get(client.getParentSpanId());
      assertThat(parent.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(parent.getService()).isEqualTo(client.getService());
      assertThat(client.getPeerService()).isNotNull();
    });
  }

  @Test
  void childrenRunInsideTheirParents() {
    for (Span child : spans) {
      if (child.getParentSpanId() == null) {
        continue;
      }
      Span parent = byId.get(child.getParentSpanId());
      long parentStart = parent.getStartTime().toEpochMilli() * 1000;
      long childStart = child.getStartTime().toEpochMilli() * 1000;
      assertThat(childStart).isGreaterThanOrEqualTo(parentStart);
      // start times are whole milliseconds; durations are exact
      assertThat(childStart + child.getDurationMicros())
          .isLessThanOrEqualTo(parentStart + parent.getDurationMicros() + 1000);
      assertThat(child.getDurationMicros()).isLessThan(parent.getDurationMicros());
    }
  }

  @Test
  void idsAreLowercaseHexOfOpenTelemetryLengths() {
    assertThat(spans).allSatisfy(span -> {
      assertThat(span.getTraceId()).matches("[0-9a-f]{32}");
      assertThat(span.getSpanId()).matches("[0-9a-f]{16}");
    });
    assertThat(spans.stream().map(Span::getSpanId).distinct().count()).isEqualTo(spans.size());
  }

  @Test
  void eachServiceRunsInOnePodNamedAfterIt() {
    Map<String, Set<String>> pods =
        spans.stream()
            .collect(Collectors.groupingBy(
                Span::getService, Collectors.mapping(Span::getInstance, Collectors.toSet())));

    pods.forEach((service, names) -> assertThat(names)
        .singleElement(InstanceOfAssertFactories.STRING)
        .matches(service + "-[a-z0-9]{9}-[a-z0-9]{5}"));
  }

  @Test
  void usesTheRealOperationNames() {
    Set<String> operations = spans.stream().map(Span::getOperation).collect(Collectors.toSet());

    assertThat(operations)
        .contains(
            "GET /",
            "GET /product/{id}",
            "POST /cart",
            "GET /cart",
            "POST /setCurrency",
            "POST /cart/checkout",
            "hipstershop.ProductCatalogService/ListProducts",
            "hipstershop.ProductCatalogService/GetProduct",
            "hipstershop.CurrencyService/Convert",
            "hipstershop.CurrencyService/GetSupportedCurrencies",
            "hipstershop.CartService/GetCart",
            "hipstershop.CartService/AddItem",
            "hipstershop.CartService/EmptyCart",
            "hipstershop.CheckoutService/PlaceOrder",
            "hipstershop.PaymentService/Charge",
            "hipstershop.ShippingService/GetQuote",
            "hipstershop.ShippingService/ShipOrder",
            "hipstershop.EmailService/SendOrderConfirmation",
            "hipstershop.RecommendationService/ListRecommendations",
            "hipstershop.AdService/GetAds",
            "HGET",
            "HSET");
  }

  @Test
  void describesCallsWithRpcHttpAndDatabaseAttributes() {
    Span charge = Spans.of(spans).server("paymentservice").list().get(0);
    Span redis = Spans.of(spans).client("cartservice", "redis-cart").list().get(0);
    Span root = Spans.of(spans).roots().list().get(0);

    assertThat(charge.getAttributes())
        .containsEntry("rpc.system", "grpc")
        .containsEntry("rpc.service", "hipstershop.PaymentService")
        .containsEntry("rpc.method", "Charge");
    assertThat(redis.getAttributes())
        .containsEntry("db.system", "redis")
        .containsEntry("server.address", "redis-cart");
    assertThat(root.getAttributes()).containsKeys("http.request.method", "http.route", "url.path");
  }

  @Test
  void baselineLatencyIsMillisecondsAndErrorsAreRare() {
    Spans all = Spans.of(spans);

    assertThat(all.server("productcatalogservice").quantileMillis(0.9)).isBetween(0.5, 5.0);
    assertThat(all.server("checkoutservice").quantileMillis(0.5)).isBetween(10.0, 80.0);
    assertThat(all.roots().quantileMillis(0.5)).isBetween(5.0, 60.0);
    assertThat(all.where(s -> s.getKind() == SpanKind.SERVER).errorRatio()).isLessThan(0.01);
  }

  @Test
  void keepsVolumeToAFewHundredSpansPerSimulatedSecond() {
    double perSecond = spans.size() / (double) ONE_MINUTE.toSeconds();

    assertThat(perSecond).isBetween(150.0, 500.0);
  }
}
