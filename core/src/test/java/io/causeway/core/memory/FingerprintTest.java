package io.causeway.core.memory;

import static io.causeway.core.memory.MemoryFixtures.T0;
import static io.causeway.core.memory.MemoryFixtures.hypothesis;
import static io.causeway.core.memory.MemoryFixtures.symptom;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.SignalKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static final List<Hypothesis> CATALOG_FIRST =
      List.of(hypothesis("productcatalogservice", 9, 0.7, "frontend", "productcatalogservice"), hypothesis("frontend", 2, 0.1));

  private static List<Anomaly> catalogFault(String idPrefix, java.time.Instant onset, double scale) {
    return List.of(
        symptom(idPrefix + "-1", "productcatalogservice", SignalKind.LATENCY, onset, 40 * scale),
        symptom(idPrefix + "-2", "frontend", SignalKind.LATENCY, onset.plusSeconds(5), 60 * scale),
        symptom(idPrefix + "-3", "checkoutservice", SignalKind.LATENCY, onset.plusSeconds(5), 30 * scale));
  }

  @Test
  void theSameFaultAnotherDayWithOtherIdsAndScoresHasTheSameFingerprint() {
    Fingerprint monday = Fingerprint.of(catalogFault("a", T0, 1.0), CATALOG_FIRST);
    Fingerprint thursday = Fingerprint.of(catalogFault("b", T0.plus(Duration.ofDays(3)), 1.7), CATALOG_FIRST);

    assertThat(thursday).isEqualTo(monday);
    assertThat(thursday.id()).isEqualTo(monday.id()).startsWith("fp-");
    assertThat(thursday.similarity(monday)).isEqualTo(1.0);
  }

  @Test
  void oneMoreSymptomLowersTheSimilarityALittle() {
    List<Anomaly> plusOne = new java.util.ArrayList<>(catalogFault("b", T0, 1.0));
    plusOne.add(symptom("b-4", "recommendationservice", SignalKind.LATENCY, T0.plusSeconds(10), 25));

    double similarity = Fingerprint.of(plusOne, CATALOG_FIRST).similarity(Fingerprint.of(catalogFault("a", T0, 1.0), CATALOG_FIRST));

    assertThat(similarity).isBetween(0.8, 0.95);
  }

  @Test
  void aFaultElsewhereIsNotSimilar() {
    List<Anomaly> payment = List.of(
        symptom("p-1", "paymentservice", SignalKind.ERRORS, T0, 30),
        symptom("p-2", "checkoutservice", SignalKind.ERRORS, T0, 20));
    List<Hypothesis> paymentFirst = List.of(hypothesis("paymentservice", 9, 0.8, "checkoutservice", "paymentservice"));

    double similarity = Fingerprint.of(payment, paymentFirst).similarity(Fingerprint.of(catalogFault("a", T0, 1.0), CATALOG_FIRST));

    assertThat(similarity).isLessThan(0.2);
  }

  @Test
  void featuresRoundTripThroughTheirMap() {
    Fingerprint shape = Fingerprint.of(catalogFault("a", T0, 1.0), CATALOG_FIRST);

    assertThat(Fingerprint.ofFeatures(shape.features())).isEqualTo(shape);
    assertThat(shape.features()).containsKeys(
        "service:productcatalogservice", "signal:frontend/latency", "path:frontend>productcatalogservice",
        "suspect:productcatalogservice", "fault:latency");
  }
}
