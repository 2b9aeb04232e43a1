package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodNamesTest {

  private final PodNames pods = PodNames.defaults();

  @ParameterizedTest
  @CsvSource({
    "ts-travel-service-64469b5b48-25zj6, ts-travel-service",
    "ts-gateway-service-6f6cfc45b-h5m2n, ts-gateway-service",
    "productcatalogservice-7d4f8b9c6-x2k9p, productcatalogservice",
    "redis-cart-0, redis-cart",
    "fluentd-x7k2p, fluentd",
    "frontend, frontend"
  })
  void mapsPodNamesToTheirService(String pod, String service) {
    assertThat(pods.serviceOf(pod)).isEqualTo(service);
  }

  @Test
  void aPodNameReusedAfterARestartStillBelongsToItsService() {
    assertThat(pods.serviceOf("ts-order-service-5b67c48447-mv5hb")).isEqualTo(pods.serviceOf("ts-order-service-7c9d8e6f5a-abcde"));
  }

  @Test
  void aCustomRuleNeedsAServiceGroup() {
    assertThat(PodNames.withRule("^(?<service>[a-z]+)-.*$").serviceOf("api-blue-1")).isEqualTo("api");
    assertThatThrownBy(() -> PodNames.withRule("^([a-z]+)-.*$")).hasMessageContaining("(?<service>");
    assertThatThrownBy(() -> PodNames.withRule("([")).hasMessageContaining("not a regular expression");
  }
}
