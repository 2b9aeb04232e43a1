package io.causeway.core.correlation;

import java.util.Locale;
import static io.causeway.core.correlation.HypothesisAssert.assertThatHypothesis;
import static io.causeway.core.correlation.OnlineBoutique.AD;
import static io.causeway.core.correlation.OnlineBoutique.CART;
import static io.causeway.core.correlation.OnlineBoutique.CATALOG;
import static io.causeway.core.correlation.OnlineBoutique.CHECKOUT;
import static io.causeway.core.correlation.OnlineBoutique.CURRENCY;
import static io.causeway.core.correlation.OnlineBoutique.EMAIL;
import static io.causeway.core.correlation.OnlineBoutique.FAULT_ONSET;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND_TOTAL_RATE;
import static io.causeway.core.correlation.OnlineBoutique.PAYMENT;
import static io.causeway.core.correlation.OnlineBoutique.RECOMMENDATION;
import static io.causeway.core.correlation.OnlineBoutique.SHIPPING;
import static io.causeway.core.correlation.OnlineBoutique.anomaly;
import static io.causeway.core.correlation.OnlineBoutique.change;
import static io.causeway.core.correlation.OnlineBoutique.cpu;
import static io.causeway.core.correlation.OnlineBoutique.errors;
import static io.causeway.core.correlation.OnlineBoutique.latency;
import static io.causeway.core.correlation.OnlineBoutique.slowEdge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.causeway.avro.ActionType;
import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.SignalKind;
import io.causeway.avro.SuggestedAction;
import io.causeway.avro.Symptom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CauseRankerTest {

  private static final Instant MINUTE_LATER = FAULT_ONSET.plus(Duration.ofMinutes(1));
  private static final Instant FOUR_MINUTES_LATER = FAULT_ONSET.plus(Duration.ofMinutes(4));
  private static final Instant FIVE_MINUTES_BEFORE = FAULT_ONSET.minus(Duration.ofMinutes(5));
  private static final Instant FIFTEEN_MINUTES_BEFORE = FAULT_ONSET.minus(Duration.ofMinutes(15));
  private static final Instant SIXTEEN_MINUTES_BEFORE = FAULT_ONSET.minus(Duration.ofMinutes(16));

  private final CauseRanker ranker = new CauseRanker(RankingSettings.defaults());
  private final ServiceGraph boutique = OnlineBoutique.graph();

  /** A slow product catalog, felt more loudly by everyone who calls it. */
  private static List<Anomaly> catalogSlowdown() {
    return List.of(
        latency(CATALOG, 8, FAULT_ONSET),
        latency(FRONTEND, 40, FAULT_ONSET),
        latency(CHECKOUT, 30, FAULT_ONSET),
        latency(RECOMMENDATION, 20, FAULT_ONSET));
  }

  /** Payments fail; checkout and frontend fail with them. */
  private static List<Anomaly> paymentFailures() {
    return List.of(
        errors(PAYMENT, 12, FAULT_ONSET),
        errors(CHECKOUT, 15, FAULT_ONSET),
        errors(FRONTEND, 10, MINUTE_LATER));
  }

  @Test
  void ranksDownstreamServiceFirstWhenUpstreamOnlyShowsSymptoms() {
    CauseRanker.Ranking ranking = ranker.rank(catalogSlowdown(), boutique, List.of());

    assertThat(ranking.services()).hasSize(4).first().isEqualTo(CATALOG);
    assertThatHypothesis(ranking.hypotheses().get(0))
        .blames(CATALOG)
        .hasFaultKind(FaultKind.LATENCY)
        .restsOn("strength")
        .restsOn("topology")
        .restsOn("onset")
        .doesNotRestOn("change");
    assertThat(ranking.hypotheses().subList(1, 4))
        .extracting(Hypothesis::getFaultKind)
        .containsOnly(FaultKind.DEPENDENCY);
  }


  @Test
  void aDelayedCalleeSeenThroughThreeCallersRanksFirst() {
    List<Anomaly> anomalies = List.of(
        slowEdge(FRONTEND, CATALOG, 20),
        slowEdge(CHECKOUT, CATALOG, 15),
        slowEdge(RECOMMENDATION, CATALOG, 15),
        latency(FRONTEND, 40, FAULT_ONSET),
        latency(CHECKOUT, 30, FAULT_ONSET),
        latency(RECOMMENDATION, 20, FAULT_ONSET));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).as("its own server span did not move; its callers' edges into it did").first().isEqualTo(CATALOG);
  }

  /**
   * A delay on currency's network: the frontend's one slowed edge into it, and the frontend slow in
   * every series that times it (its server p50, p90, p99, its client calls, the mesh's p95). Five
   * series of one slowness are not five times the evidence against the frontend.
   */
  @Test
  void aCallerSeenSlowInManySeriesIsExplainedByTheOneSlowedEdgeBelowIt() {
    List<Anomaly> anomalies = List.of(
        slowEdge(FRONTEND, CURRENCY, 80),
        frontendLatency("server.latency.p50", 30),
        frontendLatency("server.latency.p90", 37),
        frontendLatency("server.latency.p99", 17),
        frontendLatency("mesh.latency.p95", 8),
        frontendLatency("client.latency.p90", 47));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).first().isEqualTo(CURRENCY);
    assertThatHypothesis(ranking.hypotheses().get(1)).hasFaultKind(FaultKind.DEPENDENCY);
  }

  private static Anomaly frontendLatency(String signal, double score) {
    return anomaly(FRONTEND, signal, SignalKind.LATENCY, score, FAULT_ONSET.plusSeconds(16), 6400.0, 540.0);
  }

  @Test
  void aSlowServiceThatCallsASlowDependencyRanksTheDependency() {
    List<Anomaly> anomalies = List.of(
        latency(CHECKOUT, 30, FAULT_ONSET),
        slowEdge(CHECKOUT, PAYMENT, 12),
        latency(PAYMENT, 10, FAULT_ONSET),
        latency(FRONTEND, 25, FAULT_ONSET));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).first().isEqualTo(PAYMENT);
  }

  @Test
  void aDelayOnAPodsNetworkIsChargedToItNotToTheCalleesItAloneSeesSlow() {
    List<Anomaly> anomalies = List.of(
        slowEdge(FRONTEND, CHECKOUT, 15),
        slowEdge(CHECKOUT, PAYMENT, 12),
        slowEdge(CHECKOUT, SHIPPING, 12),
        slowEdge(CHECKOUT, EMAIL, 10),
        latency(FRONTEND, 30, FAULT_ONSET));

    CauseRanker.Ranking attributed = ranker.rank(anomalies, boutique, List.of());
    CauseRanker.Ranking byCallee = new CauseRanker(RankingSettings.defaults().withEdgeAttribution(false, 2)).rank(anomalies, boutique, List.of());

    assertThat(attributed.services()).first().isEqualTo(CHECKOUT);
    assertThat(attributed.services()).as("its callees' lone slowed edges are its own").doesNotContain(PAYMENT, SHIPPING, EMAIL);
    assertThat(byCallee.services().get(0)).as("charged to the callees, a callee takes the blame").isIn(PAYMENT, SHIPPING, EMAIL);
  }

  @Test
  void aLeafSlowedForItsOnlyCallerKeepsItsEdgeThoughThatCallersCallersSeeItSlowToo() {
    // a delay on email's network: checkout's one slowed call is to email; checkout's caller waits for it
    List<Anomaly> anomalies = List.of(
        slowEdge(FRONTEND, CHECKOUT, 13),
        slowEdge(CHECKOUT, EMAIL, 700));

    assertThat(EdgeAttribution.attribute(anomalies, 2)).extracting(a -> a.getService().toString()).containsExactly(CHECKOUT, EMAIL);
    assertThat(ranker.rank(anomalies, boutique, List.of()).services()).first().isEqualTo(EMAIL);
  }

  @Test
  void aCalleeSlowedForSeveralCallersKeepsItsEdgesThoughOneCallerIsSlowedElsewhereToo() {
    List<Anomaly> anomalies = List.of(
        slowEdge(FRONTEND, CATALOG, 15),
        slowEdge(CHECKOUT, CATALOG, 15),
        slowEdge(CHECKOUT, PAYMENT, 10),
        slowEdge(FRONTEND, CHECKOUT, 10));

    List<Anomaly> attributed = EdgeAttribution.attribute(anomalies, 2);

    assertThat(attributed).extracting(a -> a.getService().toString())
        .containsExactly(CATALOG, CATALOG, CHECKOUT, CHECKOUT);
  }

  @Test
  void ranksThePaymentServiceFirstWhenItsErrorsSurfaceUpstream() {
    CauseRanker.Ranking ranking = ranker.rank(paymentFailures(), boutique, List.of());

    assertThat(ranking.services()).containsExactly(PAYMENT, CHECKOUT, FRONTEND);
    assertThatHypothesis(ranking.hypotheses().get(0)).hasFaultKind(FaultKind.ERRORS);
    assertThat(ranking.hypotheses().get(0).getSignal()).isEqualTo("red.error.ratio");
    assertThatHypothesis(ranking.hypotheses().get(1)).hasFaultKind(FaultKind.DEPENDENCY);
    assertThatHypothesis(ranking.hypotheses().get(2)).hasFaultKind(FaultKind.DEPENDENCY);
  }

  @Test
  void aFaintBlipBelowAServiceThatFailsLoudlyDoesNotExplainItAway() {
    List<Anomaly> anomalies = List.of(
        errors(CHECKOUT, 60, FAULT_ONSET),
        errors(CHECKOUT, 40, FAULT_ONSET),
        latency(PAYMENT, 1.5, FAULT_ONSET));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).containsExactly(CHECKOUT, PAYMENT);
    assertThatHypothesis(ranking.hypotheses().get(0)).hasFaultKind(FaultKind.ERRORS).doesNotRestOn("topology");
  }

  /**
   * Over a steady baseline a mild slowdown scores as high as a timeout: the callee whose p99 went
   * from 10 ms to 23 ms must not outrank, nor explain away, the caller that fails outright.
   */
  @Test
  void aMildSlowdownWithAHugeScoreDoesNotOutweighAServiceThatFails() {
    List<Anomaly> anomalies = List.of(
        errors(CHECKOUT, 18, FAULT_ONSET),
        errors(CHECKOUT, 16, FAULT_ONSET),
        errors(CHECKOUT, 12, FAULT_ONSET),
        anomaly(PAYMENT, "server.latency.p99", SignalKind.LATENCY, 232, FAULT_ONSET, 22.6, 9.9),
        anomaly(PAYMENT, "server.latency.p90", SignalKind.LATENCY, 65, FAULT_ONSET, 15.0, 8.0));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).containsExactly(CHECKOUT, PAYMENT);
    assertThatHypothesis(ranking.hypotheses().get(0)).hasFaultKind(FaultKind.ERRORS).doesNotRestOn("topology");
  }

  @Test
  void aLatencyWeighsByHowManyTimesSlowerItGot() {
    Anomaly mild = anomaly(PAYMENT, "server.latency.p99", SignalKind.LATENCY, 232, FAULT_ONSET, 22.6, 9.9);
    Anomaly tenfold = anomaly(PAYMENT, "server.latency.p99", SignalKind.LATENCY, 232, FAULT_ONSET, 99.0, 9.9);
    Anomaly faster = anomaly(PAYMENT, "server.latency.p99", SignalKind.LATENCY, 232, FAULT_ONSET, 5.0, 9.9);
    Anomaly barelySlower = anomaly(PAYMENT, "server.latency.p99", SignalKind.LATENCY, 232, FAULT_ONSET, 10.0, 9.9);

    assertThat(CauseRanker.effectSize(mild)).isCloseTo(Math.log(22.6 / 9.9) / Math.log(10), within(1e-9));
    assertThat(CauseRanker.effectSize(tenfold)).isEqualTo(1.0);
    assertThat(CauseRanker.effectSize(faster)).isEqualTo(1.0);
    assertThat(CauseRanker.effectSize(barelySlower)).isEqualTo(CauseRanker.MIN_EFFECT);
    assertThat(CauseRanker.effectSize(errors(PAYMENT, 232, FAULT_ONSET))).isEqualTo(1.0);
    assertThat(CauseRanker.weight(mild)).isLessThan(CauseRanker.weight(tenfold));
  }

  @Test
  void rankingDoesNotDependOnTheOrderAnomaliesArrived() {
    List<Anomaly> shuffled = new ArrayList<>(catalogSlowdown());
    Collections.shuffle(shuffled, new Random(7));

    assertThat(ranker.rank(shuffled, boutique, List.of()).hypotheses())
        .isEqualTo(ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses());
  }

  @Test
  void aDeployOnTheSuspectMinutesBeforeOnsetMakesItABadChange() {
    ChangeEvent deploy = change("deploy-481", CATALOG, ChangeType.DEPLOY, FIVE_MINUTES_BEFORE, "v1.8.0");

    CauseRanker.Ranking withDeploy = ranker.rank(catalogSlowdown(), boutique, List.of(deploy));
    CauseRanker.Ranking without = ranker.rank(catalogSlowdown(), boutique, List.of());

    Hypothesis top = withDeploy.hypotheses().get(0);
    assertThatHypothesis(top).blames(CATALOG).hasFaultKind(FaultKind.BAD_CHANGE).restsOn("change");
    assertThat(top.getEvidence().getChanges()).singleElement().satisfies(ref -> {
      assertThat(ref.getId()).isEqualTo("deploy-481");
      assertThat(ref.getType()).isEqualTo(ChangeType.DEPLOY);
      assertThat(ref.getTimestamp()).isEqualTo(FIVE_MINUTES_BEFORE);
      assertThat(ref.getVersion()).isEqualTo("v1.8.0");
    });
    assertThat(top.getEvidence().getSummary()).contains("DEPLOY v1.8.0");
    assertThat(top.getScore()).isCloseTo(2 * without.hypotheses().get(0).getScore(), within(0.01));
    assertThat(top.getActions())
        .extracting(SuggestedAction::getAction, SuggestedAction::getType)
        .containsExactly(tuple(
            "roll back the latest change on " + CATALOG, ActionType.ROLLBACK));
  }

  @Test
  void aChangeOnAServiceWithoutAnomaliesChangesNothing() {
    ChangeEvent unrelated = change("deploy-482", AD, ChangeType.DEPLOY, FIVE_MINUTES_BEFORE, "v2.0.1");

    assertThat(ranker.rank(catalogSlowdown(), boutique, List.of(unrelated)))
        .isEqualTo(ranker.rank(catalogSlowdown(), boutique, List.of()));
  }

  @Test
  void aChangeJustInsideTheLookbackCountsAndOneJustOutsideDoesNot() {
    ChangeEvent inside = change("config-17", CATALOG, ChangeType.CONFIG, FIFTEEN_MINUTES_BEFORE, null);
    ChangeEvent outside = change("deploy-470", CATALOG, ChangeType.DEPLOY, SIXTEEN_MINUTES_BEFORE, "v1.7.9");

    assertThatHypothesis(ranker.rank(catalogSlowdown(), boutique, List.of(inside)).hypotheses().get(0))
        .hasFaultKind(FaultKind.BAD_CHANGE);
    assertThat(ranker.rank(catalogSlowdown(), boutique, List.of(outside)))
        .isEqualTo(ranker.rank(catalogSlowdown(), boutique, List.of()));
  }

  @Test
  void neitherScalingNorAChangeWellAfterTheOnsetIsABadChange() {
    ChangeEvent scaleOut = change("scale-9", CATALOG, ChangeType.SCALE, FIVE_MINUTES_BEFORE, null);
    ChangeEvent later = change("deploy-490", CATALOG, ChangeType.DEPLOY, FOUR_MINUTES_LATER, "v1.8.1");

    assertThatHypothesis(ranker.rank(catalogSlowdown(), boutique, List.of(scaleOut, later)).hypotheses().get(0))
        .hasFaultKind(FaultKind.LATENCY)
        .doesNotRestOn("change");
  }

  @Test
  void aSaturatedSuspectIsASaturationFault() {
    List<Anomaly> anomalies =
        List.of(latency(CART, 9, FAULT_ONSET), cpu(CART, 12, FAULT_ONSET), latency(FRONTEND, 10, MINUTE_LATER));

    Hypothesis top = ranker.rank(anomalies, boutique, List.of()).hypotheses().get(0);

    assertThatHypothesis(top).blames(CART).hasFaultKind(FaultKind.SATURATION).restsOn("saturation");
    assertThat(top.getActions())
        .extracting(SuggestedAction::getAction, SuggestedAction::getType)
        .containsExactly(tuple("scale out " + CART, ActionType.SCALE_OUT));
  }

  /**
   * Nezha 15:42: preserve-service's CPU went from 0.65% to 80% while services it calls showed
   * louder symptoms; discounted as theirs, preserve ranked third.
   */
  @Test
  void aCallersOwnSaturationIsNotExplainedAwayByAnAnomalousDependency() {
    List<Anomaly> anomalies = List.of(
        cpu(CHECKOUT, 33, FAULT_ONSET),
        latency(CHECKOUT, 12, FAULT_ONSET),
        errors(PAYMENT, 60, FAULT_ONSET),
        latency(FRONTEND, 10, FAULT_ONSET));

    CauseRanker.Ranking ranking = ranker.rank(anomalies, boutique, List.of());

    assertThat(ranking.services()).startsWith(CHECKOUT, PAYMENT);
    assertThatHypothesis(ranking.hypotheses().get(0)).hasFaultKind(FaultKind.SATURATION).restsOn("saturation");
  }

  @Test
  void aLaterOnsetLowersACandidate() {
    // two unrelated services, equally strong; alphabetical order alone would put adservice first
    List<Anomaly> sameOnset = List.of(latency(AD, 10, FAULT_ONSET), latency(EMAIL, 10, FAULT_ONSET));
    List<Anomaly> adLater = List.of(latency(AD, 10, FOUR_MINUTES_LATER), latency(EMAIL, 10, FAULT_ONSET));

    CauseRanker.Ranking tie = ranker.rank(sameOnset, boutique, List.of());
    CauseRanker.Ranking lagging = ranker.rank(adLater, boutique, List.of());

    assertThat(tie.services()).containsExactly(AD, EMAIL);
    assertThat(tie.hypotheses().get(0).getScore()).isEqualTo(tie.hypotheses().get(1).getScore());
    assertThat(lagging.services()).containsExactly(EMAIL, AD);
    // four minutes behind the first onset is two half-lives
    assertThat(lagging.hypotheses().get(1).getScore())
        .isCloseTo(lagging.hypotheses().get(0).getScore() / 4, within(0.001));
  }

  @Test
  void confidenceLiesInTheUnitIntervalAndFollowsTheScores() {
    for (List<Anomaly> incident : List.of(catalogSlowdown(), paymentFailures())) {
      List<Hypothesis> hypotheses = ranker.rank(incident, boutique, List.of()).hypotheses();

      assertThat(hypotheses).extracting(Hypothesis::getConfidence).allSatisfy(c -> assertThat(c).isBetween(0.0, 1.0));
      assertThat(hypotheses).extracting(Hypothesis::getScore).isSortedAccordingTo(Collections.reverseOrder());
      assertThat(hypotheses).extracting(Hypothesis::getConfidence).isSortedAccordingTo(Collections.reverseOrder());
      assertThat(hypotheses.stream().mapToDouble(Hypothesis::getConfidence).sum()).isLessThanOrEqualTo(1.0);
    }
  }

  @Test
  void confidenceNeverRisesDownTheRanking() {
    // a weak error signal on paymentservice lifted to first place by a deploy, and a strong
    // latency signal on shippingservice; both are called by the anomalous checkout and frontend
    List<Anomaly> anomalies =
        List.of(
            errors(PAYMENT, 5, FAULT_ONSET),
            latency(SHIPPING, 30, FAULT_ONSET),
            latency(CHECKOUT, 10, FAULT_ONSET),
            latency(FRONTEND, 10, FAULT_ONSET));
    ChangeEvent deploy = change("deploy-501", PAYMENT, ChangeType.DEPLOY, FIVE_MINUTES_BEFORE, "v3.2.0");

    List<Hypothesis> hypotheses = ranker.rank(anomalies, boutique, List.of(deploy)).hypotheses();

    assertThat(hypotheses).extracting(Hypothesis::getService).startsWith(PAYMENT, SHIPPING);
    assertThat(hypotheses).extracting(Hypothesis::getConfidence).isSortedAccordingTo(Collections.reverseOrder());
  }

  @Test
  void aSingleWeakAnomalyIsNoConfidentCauseButASingleStrongOneIs() {
    CauseRanker.Ranking weak = ranker.rank(List.of(latency(CURRENCY, 1.5, FAULT_ONSET)), boutique, List.of());
    CauseRanker.Ranking strong = ranker.rank(List.of(latency(CURRENCY, 40, FAULT_ONSET)), boutique, List.of());

    assertThat(weak.noConfidentCause()).isTrue();
    assertThat(weak.hypotheses()).hasSize(1);
    assertThat(weak.hypotheses().get(0).getConfidence()).isLessThan(RankingSettings.defaults().minConfidence());
    assertThat(strong.noConfidentCause()).isFalse();
  }

  @Test
  void twoEquallyStrongUnrelatedAnomaliesGiveNoConfidentCause() {
    CauseRanker.Ranking ranking =
        ranker.rank(List.of(latency(AD, 10, FAULT_ONSET), latency(EMAIL, 10, FAULT_ONSET)), boutique, List.of());

    assertThat(ranking.noConfidentCause()).isTrue();
    assertThat(ranking.hypotheses()).extracting(Hypothesis::getConfidence).containsOnly(ranking.hypotheses().get(0).getConfidence());
  }

  @Test
  void noAnomaliesGiveNoHypothesesAndNoConfidentCause() {
    CauseRanker.Ranking ranking = ranker.rank(List.of(), boutique, List.of());

    assertThat(ranking.hypotheses()).isEmpty();
    assertThat(ranking.noConfidentCause()).isTrue();
  }

  @Test
  void theBlastRadiusOfTheCatalogIsEveryServiceThatCallsIt() {
    Hypothesis top = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses().get(0);

    assertThat(top.getBlastRadius().getDependents()).containsExactly(CHECKOUT, FRONTEND, RECOMMENDATION);
    assertThat(top.getBlastRadius().getEntryTrafficShare()).isCloseTo((40 + 5 + 15) / FRONTEND_TOTAL_RATE, within(0.001));
  }

  @Test
  void theEvidencePathRunsFromAnAnomalousCallerDownToTheSuspect() {
    List<String> path = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses().get(0).getEvidence().getPath();

    assertThat(path).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo(CATALOG);
    assertThat(path.get(0)).isIn(FRONTEND, CHECKOUT, RECOMMENDATION);
    for (int i = 1; i < path.size(); i++) {
      assertThat(boutique.calleesOf(path.get(i - 1))).as("edge %s -> %s", path.get(i - 1), path.get(i)).contains(path.get(i));
    }
  }

  @Test
  void theEvidencePathStartsAtTheOutermostSymptomNotTheAlphabeticallyFirstCaller() {
    // checkoutservice and recommendationservice are anomalous too, but frontend calls both
    List<String> path = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses().get(0).getEvidence().getPath();

    assertThat(path).containsExactly(FRONTEND, CATALOG);
  }

  @Test
  void theEvidencePathStartsAtTheFurthestAnomalousCaller() {
    List<String> path = ranker.rank(paymentFailures(), boutique, List.of()).hypotheses().get(0).getEvidence().getPath();

    assertThat(path).containsExactly(FRONTEND, CHECKOUT, PAYMENT);
  }

  @Test
  void aSuspectWithoutAnomalousCallersHasAPathOfItselfOnly() {
    List<String> path =
        ranker.rank(List.of(latency(EMAIL, 10, FAULT_ONSET)), boutique, List.of()).hypotheses().get(0).getEvidence().getPath();

    assertThat(path).containsExactly(EMAIL);
  }

  @Test
  void theEvidenceCarriesTheSuspectsOwnSignalsAndAReadableSummary() {
    Hypothesis top = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses().get(0);

    assertThat(top.getEvidence().getSignals()).extracting(Symptom::getService).containsOnly(CATALOG);
    assertThat(top.getEvidence().getSignals()).extracting(Symptom::getScore).containsExactly(8.0);
    assertThat(top.getEvidence().getSummary())
        .startsWith("red.latency.p90 400 vs 80.0 expected")
        .contains("3 anomalous upstream")
        .contains("no anomalous dependency");
  }

  @Test
  void theEvidenceQuotesLogSamplesOfTheSuspect() {
    Anomaly logErrors =
        Anomaly.newBuilder(anomaly(PAYMENT, "log.errors", SignalKind.LOG, 9, FAULT_ONSET, 120, 2))
            .setSample("charge failed: card processor timeout")
            .build();

    Hypothesis top = ranker.rank(List.of(logErrors), boutique, List.of()).hypotheses().get(0);

    assertThatHypothesis(top).hasFaultKind(FaultKind.ERRORS);
    assertThat(top.getEvidence().getLogSamples()).containsExactly("charge failed: card processor timeout");
  }

  @Test
  void suggestsInspectingAndRestartingTheSuspectAndInspectingADependencyFaultsDependencies() {
    List<Hypothesis> hypotheses = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses();

    assertThat(hypotheses).allSatisfy(h -> assertThat(h.getActions()).isNotEmpty());
    assertThat(hypotheses.get(0).getActions())
        .extracting(SuggestedAction::getAction, SuggestedAction::getType)
        .containsExactly(
            tuple("inspect recent errors and traces of " + CATALOG, ActionType.INSPECT),
            tuple("restart " + CATALOG + " one instance at a time", ActionType.RESTART));
    assertThat(hypotheses.get(1).getActions())
        .extracting(SuggestedAction::getAction, SuggestedAction::getType)
        .containsExactly(
            tuple("inspect the dependencies of " + hypotheses.get(1).getService(), ActionType.INSPECT));
  }

  @Test
  void theSummaryReadsTheSameWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      Hypothesis top = ranker.rank(catalogSlowdown(), boutique, List.of()).hypotheses().get(0);
      assertThat(top.getEvidence().getSummary()).startsWith("red.latency.p90 400 vs 80.0 expected (z 8.0)");
    } finally {
      Locale.setDefault(before);
    }
  }
}
