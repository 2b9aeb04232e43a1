package io.causeway.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultSpecTest {

  @Test
  void parsesServiceAndKind() {
    assertThat(FaultSpec.parse("productcatalogservice:latency"))
        .isEqualTo(new FaultSpec("productcatalogservice", FaultType.LATENCY));
  }

  @Test
  void parsesEveryKindByItsCommandLineLabel() {
    assertThat(FaultSpec.parse("cartservice:errors").type()).isEqualTo(FaultType.ERRORS);
    assertThat(FaultSpec.parse("cartservice:cpu").type()).isEqualTo(FaultType.CPU);
    assertThat(FaultSpec.parse("cartservice:bad-deploy").type()).isEqualTo(FaultType.BAD_DEPLOY);
  }

  @Test
  void toleratesCaseSpacesAndUnderscores() {
    assertThat(FaultSpec.parse("  CurrencyService : Bad_Deploy "))
        .isEqualTo(new FaultSpec("currencyservice", FaultType.BAD_DEPLOY));
  }

  @Test
  void printsBackInCommandLineForm() {
    assertThat(FaultSpec.parse("paymentservice:bad-deploy").toString())
        .isEqualTo("paymentservice:bad-deploy");
  }

  @Test
  void mapsEachKindToTheFaultKindARankerShouldReport() {
    assertThat(FaultType.CPU.expectedKind()).isEqualTo(FaultKind.SATURATION);
    assertThat(FaultType.BAD_DEPLOY.expectedKind()).isEqualTo(FaultKind.BAD_CHANGE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "frontend",
        "frontend:",
        ":latency",
        "frontend:explode",
        "checkout:latency",
        "frontend:latency:extra"
      })
  void rejectsBadInputListingValidServicesAndKinds(String text) {
    assertThatThrownBy(() -> FaultSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("productcatalogservice")
        .hasMessageContaining("recommendationservice")
        .hasMessageContaining("latency, errors, cpu, bad-deploy");
  }

  @Test
  void rejectsNullInput() {
    assertThatThrownBy(() -> FaultSpec.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SERVICE:KIND");
  }

  @Test
  void rejectsTheRedisStoreSayingWhatToBreakInstead() {
    assertThatThrownBy(() -> FaultSpec.parse("redis-cart:latency"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis-cart cannot be a fault target")
        .hasMessageContaining("cartservice");
  }

  @Test
  void rejectsAnUnknownKindByName() {
    assertThatThrownBy(() -> FaultSpec.parse("adservice:meltdown"))
        .hasMessageContaining("unknown kind 'meltdown'");
  }
}
