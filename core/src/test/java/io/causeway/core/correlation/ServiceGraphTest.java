package io.causeway.core.correlation;

import static io.causeway.core.correlation.OnlineBoutique.AD;
import static io.causeway.core.correlation.OnlineBoutique.CART;
import static io.causeway.core.correlation.OnlineBoutique.CATALOG;
import static io.causeway.core.correlation.OnlineBoutique.CHECKOUT;
import static io.causeway.core.correlation.OnlineBoutique.CURRENCY;
import static io.causeway.core.correlation.OnlineBoutique.EMAIL;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND_TOTAL_RATE;
import static io.causeway.core.correlation.OnlineBoutique.PAYMENT;
import static io.causeway.core.correlation.OnlineBoutique.RECOMMENDATION;
import static io.causeway.core.correlation.OnlineBoutique.REDIS;
import static io.causeway.core.correlation.OnlineBoutique.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ServiceGraphTest {

  private final ServiceGraph boutique = OnlineBoutique.graph();

  @Test
  void listsDirectCallersAndCallees() {
    assertThat(boutique.callersOf(CATALOG)).containsExactlyInAnyOrder(FRONTEND, CHECKOUT, RECOMMENDATION);
    assertThat(boutique.calleesOf(CHECKOUT)).containsExactlyInAnyOrder(CART, CURRENCY, EMAIL, PAYMENT, CATALOG, SHIPPING);
    assertThat(boutique.calleesOf(CART)).containsExactly(REDIS);
    assertThat(boutique.callersOf(FRONTEND)).isEmpty();
    assertThat(boutique.calleesOf(REDIS)).isEmpty();
  }

  @Test
  void knowsNothingOfAServiceOutsideTheGraph() {
    assertThat(boutique.callersOf("loadgenerator")).isEmpty();
    assertThat(boutique.calleesOf("loadgenerator")).isEmpty();
    assertThat(boutique.transitiveCallers("loadgenerator")).isEmpty();
    assertThat(boutique.entryTrafficShare("loadgenerator")).isZero();
  }

  @Test
  void reachesCallersThroughIntermediateServices() {
    assertThat(boutique.transitiveCallers(REDIS)).containsExactlyInAnyOrder(CART, FRONTEND, CHECKOUT);
    assertThat(boutique.transitiveCallers(PAYMENT)).containsExactlyInAnyOrder(CHECKOUT, FRONTEND);
    assertThat(boutique.transitiveCallers(FRONTEND)).isEmpty();
  }

  @Test
  void reachesEveryDependencyOfTheEntryService() {
    assertThat(boutique.transitiveCallees(FRONTEND))
        .containsExactlyInAnyOrder(AD, CART, CHECKOUT, CURRENCY, EMAIL, PAYMENT, CATALOG, RECOMMENDATION, SHIPPING, REDIS);
    assertThat(boutique.transitiveCallees(RECOMMENDATION)).containsExactly(CATALOG);
    assertThat(boutique.transitiveCallees(REDIS)).isEmpty();
  }

  @Test
  void reachLeavesOutTheStartEvenInACycle() {
    ServiceGraph cycle = ServiceGraph.builder().edge("a", "b", 1).edge("b", "c", 1).edge("c", "a", 1).build();

    assertThat(cycle.transitiveCallees("a")).containsExactlyInAnyOrder("b", "c");
    assertThat(cycle.transitiveCallers("a")).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void connectsServicesOnOneCallChainInEitherDirection() {
    assertThat(boutique.connected(FRONTEND, REDIS)).isTrue();
    assertThat(boutique.connected(REDIS, CHECKOUT)).isTrue();
    assertThat(boutique.connected(CATALOG, CATALOG)).isTrue();
  }

  @Test
  void doesNotConnectSiblingsThatOnlyShareACaller() {
    assertThat(boutique.connected(CART, CURRENCY)).isFalse();
    assertThat(boutique.connected(AD, CATALOG)).isFalse();
    assertThat(boutique.connected(PAYMENT, REDIS)).isFalse();
  }

  @Test
  void findsTheShortestPathDown() {
    assertThat(boutique.pathDown(FRONTEND, CATALOG)).containsExactly(FRONTEND, CATALOG);
    assertThat(boutique.pathDown(FRONTEND, REDIS)).containsExactly(FRONTEND, CART, REDIS);
    assertThat(boutique.pathDown(FRONTEND, PAYMENT)).containsExactly(FRONTEND, CHECKOUT, PAYMENT);
    assertThat(boutique.pathDown(CHECKOUT, REDIS)).containsExactly(CHECKOUT, CART, REDIS);
  }

  @Test
  void findsNoPathUpwardsOrAcrossAndATrivialOneToItself() {
    assertThat(boutique.pathDown(CATALOG, FRONTEND)).isEmpty();
    assertThat(boutique.pathDown(AD, CATALOG)).isEmpty();
    assertThat(boutique.pathDown(CART, CART)).containsExactly(CART);
  }

  @Test
  void entryServicesAreThoseNobodyCalls() {
    assertThat(boutique.entryServices()).containsExactly(FRONTEND);

    ServiceGraph twoEntries =
        ServiceGraph.builder().edge("web", "api", 1).edge("batch", "db", 1).edge("api", "db", 1).build();
    assertThat(twoEntries.entryServices()).containsExactly("batch", "web");
  }

  @Test
  void anEntryServiceCarriesAllOfItsTraffic() {
    assertThat(boutique.entryTrafficShare(FRONTEND)).isEqualTo(1.0);
  }

  @Test
  void aLeafReachedThroughSeveralCallersCountsEveryEntryEdgeLeadingToIt() {
    // frontend -> productcatalogservice directly, and via checkoutservice and recommendationservice
    double viaAllThree = (40 + 5 + 15) / FRONTEND_TOTAL_RATE;

    assertThat(boutique.entryTrafficShare(CATALOG)).isCloseTo(viaAllThree, within(1e-12));
  }

  @Test
  void aDeepLeafCountsTheEntryEdgesOfEveryServiceAboveIt() {
    // redis-cart: via cartservice directly, and via checkoutservice -> cartservice
    assertThat(boutique.entryTrafficShare(REDIS)).isCloseTo((20 + 5) / FRONTEND_TOTAL_RATE, within(1e-12));
    assertThat(boutique.entryTrafficShare(EMAIL)).isCloseTo(5 / FRONTEND_TOTAL_RATE, within(1e-12));
    assertThat(boutique.entryTrafficShare(AD)).isCloseTo(10 / FRONTEND_TOTAL_RATE, within(1e-12));
  }

  @Test
  void countsEdgesAndKeepsTheLastRateGivenForOne() {
    ServiceGraph graph = ServiceGraph.builder().edge("web", "api", 1).edge("web", "cdn", 3).edge("web", "api", 9).build();

    assertThat(boutique.edgeCount()).isEqualTo(15);
    assertThat(graph.edgeCount()).isEqualTo(2);
    assertThat(graph.entryTrafficShare("api")).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void isASnapshotThatLaterBuilderEdgesAndCallersCannotChange() {
    ServiceGraph.Builder builder = ServiceGraph.builder().edge("web", "api", 1);
    ServiceGraph graph = builder.build();

    builder.edge("web", "db", 1);

    assertThat(graph.calleesOf("web")).containsExactly("api");
    assertThatThrownBy(() -> graph.calleesOf("web").add("db")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> graph.transitiveCallers("api").clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theCallersOfAServiceCannotBeChangedThroughTheGraph() {
    ServiceGraph graph = ServiceGraph.builder().edge("web", "api", 1).build();

    assertThatThrownBy(() -> graph.callersOf("api").add("intruder")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(graph.callersOf("api")).containsExactly("web");
  }

  @Test
  void anEntryServiceCarriesOnlyItsOwnTrafficWhenThereAreSeveralEntries() {
    // 99 calls per second from the web front, 1 from a nightly batch job
    ServiceGraph graph =
        ServiceGraph.builder().edge("web", "api", 99).edge("batch", "reports", 1).edge("api", "db", 99).build();

    assertThat(graph.entryTrafficShare("reports")).isCloseTo(0.01, within(1e-12));
    assertThat(graph.entryTrafficShare("batch"))
        .as("the batch job touches no more user traffic than the one service it calls")
        .isCloseTo(0.01, within(1e-12));
  }
}
