package io.causeway.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnlineBoutiqueTest {

  @Test
  void callGraphIsTheOnlineBoutiqueCallGraph() {
    assertThat(OnlineBoutique.callGraph())
        .extracting(ServiceCall::key)
        .containsExactlyInAnyOrder(
            "frontend->adservice",
            "frontend->cartservice",
            "frontend->checkoutservice",
            "frontend->currencyservice",
            "frontend->productcatalogservice",
            "frontend->recommendationservice",
            "frontend->shippingservice",
            "checkoutservice->cartservice",
            "checkoutservice->currencyservice",
            "checkoutservice->emailservice",
            "checkoutservice->paymentservice",
            "checkoutservice->productcatalogservice",
            "checkoutservice->shippingservice",
            "recommendationservice->productcatalogservice",
            "cartservice->redis-cart");
  }

  @Test
  void sharedDependenciesHaveSeveralCallers() {
    assertThat(OnlineBoutique.callers("productcatalogservice"))
        .containsExactly("frontend", "checkoutservice", "recommendationservice");
    assertThat(OnlineBoutique.callers("frontend")).isEmpty();
    assertThat(OnlineBoutique.callees("paymentservice")).isEmpty();
  }

  @Test
  void everyServiceButTheRedisStoreCanBeAFaultTarget() {
    assertThat(OnlineBoutique.services()).hasSize(11).contains("redis-cart");
    assertThat(OnlineBoutique.faultTargets()).hasSize(10).doesNotContain("redis-cart");
  }
}
