package io.causeway.core.memory;

import static io.causeway.core.memory.MemoryFixtures.T0;
import static io.causeway.core.memory.MemoryFixtures.hypothesis;
import static io.causeway.core.memory.MemoryFixtures.symptom;
import static io.causeway.core.memory.MemoryFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Verdict;
import io.causeway.core.correlation.CauseRanker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How verdicts on past incidents weigh a new one: gains, penalties, decay, the cap, bounds. */
class IncidentMemoriesTest {

  private static final MemorySettings SETTINGS = MemorySettings.defaults();
  private static final double MIN_CONFIDENCE = 0.35;
  private final IncidentMemories memories = new IncidentMemories(SETTINGS);

  /** Live: the catalog leads the cart service, 10 to 8. */
  private static final CauseRanker.Ranking LIVE = new CauseRanker.Ranking(
      List.of(hypothesis("productcatalogservice", 10, 0.5, "frontend", "productcatalogservice"), hypothesis("cartservice", 8, 0.4)), false);
  private static final Fingerprint SHAPE = Fingerprint.of(
      List.of(symptom("a", "productcatalogservice", SignalKind.LATENCY, T0, 30), symptom("b", "cartservice", SignalKind.LATENCY, T0, 25)),
      LIVE.hypotheses());
  private static final Instant NOW = T0.plus(Duration.ofHours(2));

  @Test
  void aCauseConfirmedOnASimilarIncidentGainsAndMovesUpWithMemoryInItsBasis() {
    IncidentMemory past = learned(past("inc-past"), verdict("inc-past", "cartservice", Verdict.CONFIRMED, NOW, "flushed redis-cart"));

    CauseRanker.Ranking weighed = weigh(past);

    Hypothesis first = weighed.hypotheses().get(0);
    assertThat(first.getService()).isEqualTo("cartservice");
    assertThat(first.getBasis()).contains(IncidentMemories.BASIS);
    assertThat(first.getScore()).isCloseTo(8 * Math.E, within(0.01));
    assertThat(first.getEvidence().getMemoryPrior().getSources()).singleElement().satisfies(source -> {
      assertThat(source.getIncidentId()).isEqualTo("inc-past");
      assertThat(source.getVerdict()).isEqualTo("CONFIRMED");
      assertThat(source.getSimilarity()).isEqualTo(1.0);
    });
    assertThat(first.getEvidence().getSimilarIncidents()).singleElement().satisfies(similar -> {
      assertThat(similar.getIncidentId()).isEqualTo("inc-past");
      assertThat(similar.getConfirmedCause()).isEqualTo("cartservice");
      assertThat(similar.getResolutionNote()).isEqualTo("flushed redis-cart");
    });
    assertThat(weighed.hypotheses().get(1).getService()).isEqualTo("productcatalogservice");
    assertThat(weighed.hypotheses().get(0).getConfidence()).isGreaterThan(weighed.hypotheses().get(1).getConfidence());
  }

  @Test
  void aRejectedSuspectLosesAndDropsBelowTheNextOne() {
    IncidentMemory past = learned(past("inc-past"), verdict("inc-past", "productcatalogservice", Verdict.REJECTED, NOW, null));

    CauseRanker.Ranking weighed = weigh(past);

    assertThat(weighed.services()).containsExactly("cartservice", "productcatalogservice");
    Hypothesis rejected = weighed.hypotheses().get(1);
    assertThat(rejected.getEvidence().getMemoryPrior().getFactor()).isCloseTo(1 / Math.E, within(0.001));
    assertThat(rejected.getBasis()).contains(IncidentMemories.BASIS);
    assertThat(rejected.getEvidence().getSimilarIncidents()).singleElement()
        .satisfies(similar -> assertThat(similar.getRejectedCauses()).containsExactly("productcatalogservice"));
  }

  @Test
  void aVerdictLosesHalfItsWeightPerHalfLife() {
    Instant aHalfLifeAgo = NOW.minus(SETTINGS.halfLife());
    Instant twoHalfLivesAgo = NOW.minus(SETTINGS.halfLife().multipliedBy(2));

    double fresh = factorOfCart(NOW);
    double older = factorOfCart(aHalfLifeAgo);
    double oldest = factorOfCart(twoHalfLivesAgo);

    assertThat(fresh).isCloseTo(Math.exp(1.0), within(0.01));
    assertThat(older).isCloseTo(Math.exp(0.5), within(0.01));
    assertThat(oldest).isCloseTo(Math.exp(0.25), within(0.01));
  }

  @Test
  void theCapKeepsMemoryFromOutweighingAStrongLiveLead() {
    CauseRanker.Ranking strongLead = new CauseRanker.Ranking(
        List.of(hypothesis("productcatalogservice", 10, 0.8, "frontend", "productcatalogservice"), hypothesis("cartservice", 3, 0.2)), false);
    IncidentMemory past = past("inc-past");
    for (int i = 0; i < 5; i++) {
      past = learned(past, verdict("inc-past", "cartservice", Verdict.CONFIRMED, NOW, null));
    }

    IncidentMemories.Recall recall = memories.recall("inc-now", SHAPE, List.of(past), NOW.toEpochMilli());
    CauseRanker.Ranking weighed = memories.weigh(strongLead, recall, MIN_CONFIDENCE);

    assertThat(recall.factor("cartservice")).isEqualTo(SETTINGS.maxPrior());
    assertThat(weighed.services()).as("3 x 3 = 9 < 10").containsExactly("productcatalogservice", "cartservice");
    assertThat(weighed.hypotheses().get(0).getBasis()).doesNotContain(IncidentMemories.BASIS);
  }

  @Test
  void anIncidentsOwnVerdictsAndDissimilarIncidentsAreNotRecalled() {
    IncidentMemory own = learned(past("inc-now"), verdict("inc-now", "cartservice", Verdict.CONFIRMED, NOW, null));
    IncidentMemory elsewhere = learned(
        memories.remember(null, "inc-pay", Fingerprint.of(List.of(symptom("p", "paymentservice", SignalKind.ERRORS, T0, 9)),
            List.of(hypothesis("paymentservice", 5, 0.9))), FaultKind.ERRORS, T0.toEpochMilli()),
        verdict("inc-pay", "cartservice", Verdict.CONFIRMED, NOW, null));

    IncidentMemories.Recall recall = memories.recall("inc-now", SHAPE, List.of(own, elsewhere), NOW.toEpochMilli());

    assertThat(recall.similar()).isEmpty();
    assertThat(recall.priors()).isEmpty();
    assertThat(memories.weigh(LIVE, recall, MIN_CONFIDENCE)).isSameAs(LIVE);
  }

  @Test
  void aFingerprintKeepsItsLatestIncidentsAndVerdictsUpToTheHistoryBound() {
    IncidentMemories small = new IncidentMemories(new MemorySettings(0.5, 0.8, 3, Duration.ofDays(14), 1, 1, 3, 2, Duration.ofDays(30), 2));
    IncidentMemory memory = small.remember(null, "inc-1", SHAPE, FaultKind.LATENCY, T0.toEpochMilli());
    memory = small.remember(memory, "inc-2", SHAPE, FaultKind.LATENCY, T0.plusSeconds(60).toEpochMilli());
    memory = small.remember(memory, "inc-3", SHAPE, FaultKind.LATENCY, T0.plusSeconds(120).toEpochMilli());
    memory = small.learn(memory, verdict("inc-1", "cartservice", Verdict.CONFIRMED, NOW, "one"));
    memory = small.learn(memory, verdict("inc-2", "cartservice", Verdict.REJECTED, NOW, "two"));
    memory = small.learn(memory, verdict("inc-3", "productcatalogservice", Verdict.CONFIRMED, NOW, "three"));

    assertThat(memory.getIncidentIds()).containsExactly("inc-2", "inc-3");
    assertThat(memory.getOccurrences()).isEqualTo(3);
    assertThat(memory.getFeedback()).extracting(f -> f.getResolutionNote()).containsExactly("two", "three");
    assertThat(memory.getConfirmedCause()).isEqualTo("productcatalogservice");
    assertThat(memory.getRejectedCauses()).containsExactly("cartservice");
  }

  @Test
  void beyondTheMostFingerprintsTheOneSeenLongestAgoIsEvicted() {
    IncidentMemories two = new IncidentMemories(new MemorySettings(0.5, 0.8, 3, Duration.ofDays(14), 1, 1, 3, 2, Duration.ofDays(30), 20));
    IncidentMemory oldest = two.remember(null, "inc-1", SHAPE, FaultKind.LATENCY, T0.toEpochMilli());
    IncidentMemory newer = IncidentMemory.newBuilder(oldest).setFingerprint("fp-b").setLastSeen(T0.plusSeconds(60)).build();
    IncidentMemory newest = IncidentMemory.newBuilder(oldest).setFingerprint("fp-c").setLastSeen(T0.plusSeconds(120)).build();

    assertThat(two.evictable(List.of(oldest, newer))).isEmpty();
    assertThat(two.evictable(List.of(newest, oldest, newer))).contains(oldest.getFingerprint());
  }

  @Test
  void aNewIncidentJoinsTheFingerprintOfItsShapeOnlyWhenCloseEnough() {
    IncidentMemory past = past("inc-past");
    Fingerprint other = Fingerprint.of(List.of(symptom("p", "paymentservice", SignalKind.ERRORS, T0, 9)), List.of(hypothesis("paymentservice", 5, 0.9)));

    assertThat(memories.closest(SHAPE, List.of(past))).contains(past);
    assertThat(memories.closest(other, List.of(past))).isEmpty();
  }

  private double factorOfCart(Instant verdictAt) {
    IncidentMemory past = learned(past("inc-past"), verdict("inc-past", "cartservice", Verdict.CONFIRMED, verdictAt, null));
    return memories.recall("inc-now", SHAPE, List.of(past), NOW.toEpochMilli()).factor("cartservice");
  }

  private CauseRanker.Ranking weigh(IncidentMemory past) {
    return memories.weigh(LIVE, memories.recall("inc-now", SHAPE, List.of(past), NOW.toEpochMilli()), MIN_CONFIDENCE);
  }

  private IncidentMemory past(String incidentId) {
    return memories.remember(null, incidentId, SHAPE, FaultKind.LATENCY, T0.toEpochMilli());
  }

  private IncidentMemory learned(IncidentMemory memory, io.causeway.avro.Feedback verdict) {
    return memories.learn(memory, verdict);
  }
}
