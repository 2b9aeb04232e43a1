package io.causeway.core.correlation;

import static io.causeway.core.correlation.OnlineBoutique.AD;
import static io.causeway.core.correlation.OnlineBoutique.CART;
import static io.causeway.core.correlation.OnlineBoutique.CATALOG;
import static io.causeway.core.correlation.OnlineBoutique.CHECKOUT;
import static io.causeway.core.correlation.OnlineBoutique.CONFIRMATION_DELAY;
import static io.causeway.core.correlation.OnlineBoutique.EMAIL;
import static io.causeway.core.correlation.OnlineBoutique.FAULT_ONSET;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND;
import static io.causeway.core.correlation.OnlineBoutique.RECOMMENDATION;
import static io.causeway.core.correlation.OnlineBoutique.REDIS;
import static io.causeway.core.correlation.OnlineBoutique.errors;
import static io.causeway.core.correlation.OnlineBoutique.slowEdge;
import static io.causeway.core.correlation.OnlineBoutique.latency;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.avro.SignalKind;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Symptom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {

  private static final String SCOPE = "boutique-prod";
  private static final Duration GROUP_WINDOW = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofMinutes(2);
  private static final Duration QUIET_PERIOD = Duration.ofMinutes(10);

  private static final Instant MINUTE_LATER = FAULT_ONSET.plus(Duration.ofMinutes(1));
  private static final Instant SIX_MINUTES_LATER = FAULT_ONSET.plus(Duration.ofMinutes(6));
  /** When the catalog's anomaly, the incident's first, was confirmed. */
  private static final Instant FIRST_DETECTED = FAULT_ONSET.plus(CONFIRMATION_DELAY);
  private static final Instant ANNOUNCED = FIRST_DETECTED.plus(SETTLE);
  private static final Instant UPDATED = ANNOUNCED.plus(Duration.ofMinutes(1));
  private static final Instant RESOLVED = ANNOUNCED.plus(QUIET_PERIOD);

  private final IncidentLifecycle lifecycle =
      new IncidentLifecycle(GROUP_WINDOW, SETTLE, QUIET_PERIOD, RankingSettings.defaults());
  private final ServiceGraph boutique = OnlineBoutique.graph();
  private final Anomaly catalogSlow = latency(CATALOG, 20, FAULT_ONSET);

  @Test
  void nothingJoinsWhenNoIncidentIsOpen() {
    assertThat(lifecycle.joins(null, List.of(), latency(FRONTEND, 10, FAULT_ONSET), boutique)).isFalse();
  }

  @Test
  void aServiceConnectedToTheIncidentJoinsWithinTheGroupWindow() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);

    for (String service : List.of(FRONTEND, CHECKOUT, RECOMMENDATION, CATALOG)) {
      assertThat(lifecycle.joins(incident, List.of(catalogSlow), latency(service, 10, MINUTE_LATER), boutique))
          .as(service)
          .isTrue();
    }
  }

  @Test
  void aServiceUnconnectedToTheIncidentStartsAnotherOne() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);

    assertThat(lifecycle.joins(incident, List.of(catalogSlow), latency(AD, 10, MINUTE_LATER), boutique)).isFalse();
    assertThat(lifecycle.joins(incident, List.of(catalogSlow), latency(REDIS, 10, MINUTE_LATER), boutique)).isFalse();
  }

  @Test
  void aServiceJoinsThroughAnyMemberNotOnlyTheFirst() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    Anomaly checkoutSlow = latency(CHECKOUT, 30, MINUTE_LATER);
    lifecycle.recordActivity(incident, checkoutSlow);

    assertThat(lifecycle.joins(incident, List.of(catalogSlow, checkoutSlow), latency(FRONTEND, 10, MINUTE_LATER), boutique))
        .as("a caller of the checkout symptom")
        .isTrue();
  }

  @Test
  void slowedCallsOfOneCallerToUnrelatedCalleesJoinOneIncident() {
    Anomaly toAds = slowEdge(FRONTEND, AD, 20);
    OpenIncident incident = lifecycle.open(SCOPE, toAds);

    assertThat(lifecycle.joins(incident, List.of(toAds), slowEdge(FRONTEND, CART, 20), boutique))
        .as("the frontend's calls to ads and to the cart: its own latency, perhaps").isTrue();
    assertThat(lifecycle.joins(incident, List.of(toAds), slowEdge(CHECKOUT, CART, 20), boutique))
        .as("another caller's call to an unrelated callee").isFalse();
    assertThat(lifecycle.joins(incident, List.of(latency(AD, 20, FAULT_ONSET)), latency(CART, 20, FAULT_ONSET), boutique))
        .as("siblings without edges stay apart").isFalse();
  }

  @Test
  void aDependencyOfASymptomJoinsOnlyWhileNothingElseExplainsThatSymptom() {
    Anomaly frontendSlow = latency(FRONTEND, 30, FAULT_ONSET);
    OpenIncident incident = lifecycle.open(SCOPE, frontendSlow);

    assertThat(lifecycle.joins(incident, List.of(frontendSlow), latency(AD, 10, MINUTE_LATER), boutique))
        .as("ad could be why frontend is slow").isTrue();
    assertThat(lifecycle.joins(incident, List.of(frontendSlow, catalogSlow), latency(AD, 10, MINUTE_LATER), boutique))
        .as("the catalog already explains frontend; ad is another fault").isFalse();
  }

  @Test
  void anAnomalyDetectedAfterTheGroupWindowDoesNotJoin() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    Instant windowEnd = FIRST_DETECTED.plus(GROUP_WINDOW);

    assertThat(lifecycle.joins(incident, List.of(catalogSlow), detectedAt(FRONTEND, windowEnd), boutique)).isTrue();
    assertThat(lifecycle.joins(incident, List.of(catalogSlow), detectedAt(FRONTEND, windowEnd.plusMillis(1)), boutique))
        .isFalse();
  }

  @Test
  void aSymptomThatBeginsLongAfterTheIncidentsOnsetStartsAnotherEvenWhenConnected() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    lifecycle.recordActivity(incident, detectedAt(CATALOG, FIRST_DETECTED.plus(Duration.ofMinutes(4))));

    Anomaly withinFormation = latency(FRONTEND, 10, FAULT_ONSET.plus(GROUP_WINDOW));
    Anomaly laterFault = latency(FRONTEND, 10, FAULT_ONSET.plus(GROUP_WINDOW).plusSeconds(1));

    assertThat(lifecycle.joins(incident, List.of(catalogSlow), withinFormation, boutique)).isTrue();
    assertThat(lifecycle.joins(incident, List.of(catalogSlow), laterFault, boutique)).isFalse();
    Anomaly longStanding = latency(FRONTEND, 10, FAULT_ONSET.minus(GROUP_WINDOW).minusSeconds(1));
    assertThat(lifecycle.joins(incident, List.of(catalogSlow), longStanding, boutique)).as("there long before").isFalse();
  }

  @Test
  void recordedActivityKeepsTheGroupWindowOpenAndTheEarliestOnset() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    Instant lateDetection = FIRST_DETECTED.plus(Duration.ofMinutes(4));
    Anomaly earlierOnset =
        Anomaly.newBuilder(latency(CHECKOUT, 12, FAULT_ONSET.minus(Duration.ofMinutes(1))))
            .setDetectedAt(lateDetection)
            .build();

    lifecycle.recordActivity(incident, earlierOnset);

    Anomaly tooLateBefore = Anomaly.newBuilder(latency(FRONTEND, 10, FAULT_ONSET.plus(Duration.ofMinutes(2))))
        .setDetectedAt(FIRST_DETECTED.plus(Duration.ofMinutes(8)))
        .build();
    assertThat(lifecycle.joins(incident, List.of(catalogSlow, earlierOnset), tooLateBefore, boutique)).isTrue();
    assertThat(incident.getLastActivityMillis()).isEqualTo(lateDetection.toEpochMilli());
    assertThat(incident.getOnsetMillis()).isEqualTo(FAULT_ONSET.minus(Duration.ofMinutes(1)).toEpochMilli());

    lifecycle.recordActivity(incident, catalogSlow);
    assertThat(incident.getLastActivityMillis()).as("never moves back").isEqualTo(lateDetection.toEpochMilli());
  }

  @Test
  void theIncidentIdIsStableForTheSameScopeAndFirstAnomaly() {
    String id = lifecycle.open(SCOPE, catalogSlow).getId();

    assertThat(id).matches("inc-[0-9a-f]{12}");
    assertThat(lifecycle.open(SCOPE, latency(CATALOG, 99, FAULT_ONSET)).getId()).as("same anomaly id, replayed").isEqualTo(id);
    assertThat(lifecycle.open("boutique-staging", catalogSlow).getId()).isNotEqualTo(id);
    assertThat(lifecycle.open(SCOPE, latency(CATALOG, 20, MINUTE_LATER)).getId()).isNotEqualTo(id);
    assertThat(lifecycle.open(SCOPE, latency(FRONTEND, 20, FAULT_ONSET)).getId()).isNotEqualTo(id);
  }

  @Test
  void announcesASettlePeriodAfterTheFirstDetection() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);

    assertThat(lifecycle.announceAt(incident)).isEqualTo(ANNOUNCED.toEpochMilli());
    assertThat(incident.getOnsetMillis()).isEqualTo(FAULT_ONSET.toEpochMilli());
    assertThat(incident.isAnnounced()).isFalse();
  }

  @Test
  void resolvesAQuietPeriodAfterTheLastActivity() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    assertThat(lifecycle.resolveAt(incident)).isEqualTo(FIRST_DETECTED.plus(QUIET_PERIOD).toEpochMilli());

    Anomaly reminder = detectedAt(CATALOG, FIRST_DETECTED.plus(Duration.ofMinutes(4)));
    lifecycle.recordActivity(incident, reminder);

    assertThat(lifecycle.resolveAt(incident)).isEqualTo(FIRST_DETECTED.plus(Duration.ofMinutes(4)).plus(QUIET_PERIOD).toEpochMilli());
  }

  @Test
  void theOpeningSnapshotIsVersionOneWithTheRankedHypotheses() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = List.of(catalogSlow, latency(FRONTEND, 40, MINUTE_LATER));

    Incident open = snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED).orElseThrow();

    assertThat(open.getId()).isEqualTo(incident.getId());
    assertThat(open.getStatus()).isEqualTo(IncidentStatus.OPEN);
    assertThat(open.getVersion()).isEqualTo(1);
    assertThat(open.getOnset()).isEqualTo(FAULT_ONSET);
    assertThat(open.getOpenedAt()).isEqualTo(ANNOUNCED);
    assertThat(open.getUpdatedAt()).isEqualTo(ANNOUNCED);
    assertThat(open.getResolvedAt()).isNull();
    assertThat(open.getTitle()).isEqualTo("latency in " + CATALOG);
    assertThat(open.getHypotheses()).extracting(h -> h.getService()).containsExactly(CATALOG, FRONTEND);
    assertThat(incident.isAnnounced()).isTrue();
  }

  @Test
  void noUpdateGoesOutWhileTheRankingStaysTheSame() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = List.of(catalogSlow, latency(FRONTEND, 40, MINUTE_LATER));
    snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED);

    assertThat(snapshot(incident, IncidentStatus.UPDATED, members, UPDATED)).isEmpty();
    assertThat(incident.getVersion()).isEqualTo(1);
  }

  @Test
  void anUpdateGoesOutWhenTheTopThreeChange() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = new ArrayList<>(List.of(catalogSlow, latency(FRONTEND, 40, MINUTE_LATER)));
    snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED);

    members.add(latency(CHECKOUT, 30, MINUTE_LATER));
    Incident updated = snapshot(incident, IncidentStatus.UPDATED, members, UPDATED).orElseThrow();

    assertThat(updated.getStatus()).isEqualTo(IncidentStatus.UPDATED);
    assertThat(updated.getVersion()).isEqualTo(2);
    assertThat(updated.getUpdatedAt()).isEqualTo(UPDATED);
    assertThat(updated.getHypotheses()).extracting(h -> h.getService()).containsExactly(CATALOG, CHECKOUT, FRONTEND);
    assertThat(updated.getSymptoms()).hasSize(3);
  }

  @Test
  void noUpdateGoesOutWhenOnlyTheRankingBelowTheTopThreeChanges() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members =
        new ArrayList<>(List.of(
            catalogSlow,
            latency(FRONTEND, 40, MINUTE_LATER),
            latency(CHECKOUT, 30, MINUTE_LATER),
            latency(RECOMMENDATION, 20, MINUTE_LATER)));
    Incident open = snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED).orElseThrow();
    assertThat(open.getHypotheses()).hasSize(4);

    members.add(latency(AD, 5, SIX_MINUTES_LATER));

    assertThat(snapshot(incident, IncidentStatus.UPDATED, members, UPDATED)).isEmpty();
  }

  @Test
  void anUpdateGoesOutWhenTheIncidentGainsAConfidentCause() {
    Anomaly adSlow = latency(AD, 10, FAULT_ONSET);
    OpenIncident incident = lifecycle.open(SCOPE, adSlow);
    List<Anomaly> members = new ArrayList<>(List.of(adSlow, latency(EMAIL, 10, FAULT_ONSET)));
    Incident open = snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED).orElseThrow();

    members.add(errors(AD, 10, FAULT_ONSET));
    Incident updated = snapshot(incident, IncidentStatus.UPDATED, members, UPDATED).orElseThrow();

    assertThat(open.getNoConfidentCause()).isTrue();
    assertThat(open.getTitle()).isEqualTo("no confident cause; likeliest latency in " + AD);
    assertThat(updated.getNoConfidentCause()).isFalse();
    assertThat(updated.getHypotheses()).extracting(h -> h.getService()).containsExactly(AD, EMAIL);
    assertThat(updated.getTitle()).isEqualTo("errors in " + AD);
  }

  @Test
  void resolvingAlwaysPublishesAFinalSnapshotWithItsResolutionTime() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = List.of(catalogSlow);
    snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED);

    Incident resolved = snapshot(incident, IncidentStatus.RESOLVED, members, RESOLVED).orElseThrow();

    assertThat(resolved.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.getVersion()).isEqualTo(2);
    assertThat(resolved.getResolvedAt()).isEqualTo(RESOLVED);
    assertThat(resolved.getUpdatedAt()).isEqualTo(RESOLVED);
    assertThat(resolved.getId()).isEqualTo(incident.getId());
  }

  @Test
  void theOpeningTimeStaysTheSameAcrossSnapshotsOfOneIncident() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = new ArrayList<>(List.of(catalogSlow));
    Incident open = snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED).orElseThrow();
    members.add(latency(FRONTEND, 40, MINUTE_LATER));
    Incident updated = snapshot(incident, IncidentStatus.UPDATED, members, UPDATED).orElseThrow();
    Incident resolved = snapshot(incident, IncidentStatus.RESOLVED, members, RESOLVED).orElseThrow();

    assertThat(List.of(open, updated, resolved)).extracting(Incident::getOpenedAt).containsOnly(ANNOUNCED);
  }

  @Test
  void aLaterSnapshotIsNeverStampedBeforeTheOneItFollows() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    List<Anomaly> members = new ArrayList<>(List.of(catalogSlow));
    snapshot(incident, IncidentStatus.OPEN, members, ANNOUNCED);
    members.add(latency(FRONTEND, 40, MINUTE_LATER));
    snapshot(incident, IncidentStatus.UPDATED, members, UPDATED);

    members.add(errors(CHECKOUT, 30, MINUTE_LATER));
    Incident late = snapshot(incident, IncidentStatus.UPDATED, members, UPDATED.minusSeconds(50)).orElseThrow();

    assertThat(late.getVersion()).isEqualTo(3);
    assertThat(late.getUpdatedAt()).as("a late anomaly's own time was before the last snapshot").isEqualTo(UPDATED);
  }

  @Test
  void symptomsAreListedByOnsetThenId() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    Anomaly frontendSlow = latency(FRONTEND, 40, SIX_MINUTES_LATER);
    Anomaly checkoutSlow = latency(CHECKOUT, 30, MINUTE_LATER);
    Anomaly checkoutErrors = errors(CHECKOUT, 12, MINUTE_LATER);

    Incident open =
        snapshot(incident, IncidentStatus.OPEN, List.of(frontendSlow, checkoutSlow, catalogSlow, checkoutErrors), ANNOUNCED)
            .orElseThrow();

    assertThat(open.getSymptoms())
        .extracting(Symptom::getAnomalyId)
        .containsExactly(catalogSlow.getId(), checkoutErrors.getId(), checkoutSlow.getId(), frontendSlow.getId());
    assertThat(open.getSymptoms()).extracting(Symptom::getOnset).isSorted();
  }

  @Test
  void aWeakLogPathShiftSupportsIncidentsButOpensNone() {
    Anomaly weak = pathShift(CATALOG, IncidentLifecycle.DEFAULT_PATH_SHIFT_OPENS_AT - 0.5);
    Anomaly strong = pathShift(CATALOG, IncidentLifecycle.DEFAULT_PATH_SHIFT_OPENS_AT);
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);

    assertThat(lifecycle.opensIncident(weak)).isFalse();
    assertThat(lifecycle.opensIncident(strong)).isTrue();
    assertThat(lifecycle.opensIncident(catalogSlow)).as("other signals as before").isTrue();
    assertThat(lifecycle.joins(incident, List.of(catalogSlow), weak, boutique)).as("the weak one still joins").isTrue();
    assertThat(new IncidentLifecycle(GROUP_WINDOW, SETTLE, QUIET_PERIOD, RankingSettings.defaults(), 5.0).opensIncident(weak))
        .as("the bar is a setting").isTrue();
  }

  @Test
  void aSupportingSymptomJoinsButDoesNotDateTheIncident() {
    OpenIncident incident = lifecycle.open(SCOPE, catalogSlow);
    Instant minuteBefore = FAULT_ONSET.minus(Duration.ofMinutes(1));
    Anomaly faintEarlierShift = Anomaly.newBuilder(pathShift(FRONTEND, IncidentLifecycle.DEFAULT_PATH_SHIFT_OPENS_AT - 3))
        .setOnset(minuteBefore).setDetectedAt(FIRST_DETECTED).build();
    Anomaly clientSideEarlier = Anomaly.newBuilder(latency(FRONTEND, 40, minuteBefore)).setSignal("client.latency.p99").build();

    assertThat(lifecycle.joins(incident, List.of(catalogSlow), faintEarlierShift, boutique)).isTrue();
    lifecycle.recordActivity(incident, faintEarlierShift);
    lifecycle.recordActivity(incident, clientSideEarlier);

    assertThat(incident.getOnsetMillis()).as("still the first symptom that could open it").isEqualTo(FAULT_ONSET.toEpochMilli());
    assertThat(incident.getLastActivityMillis()).isEqualTo(FIRST_DETECTED.toEpochMilli());
  }

  private Optional<Incident> snapshot(OpenIncident incident, IncidentStatus status, List<Anomaly> members, Instant now) {
    return lifecycle.snapshot(incident, status, members, boutique, List.of(), now.toEpochMilli());
  }

  private static Anomaly pathShift(String service, double score) {
    return Anomaly.newBuilder(latency(service, score, FAULT_ONSET))
        .setSignal(SignalCatalog.LOG_PATH_SHIFT).setKind(SignalKind.LOG).setScore(score).build();
  }

  private static Anomaly detectedAt(String service, Instant detected) {
    return Anomaly.newBuilder(latency(service, 10, detected.minus(CONFIRMATION_DELAY))).setDetectedAt(detected).build();
  }
}
