package io.causeway.core.correlation;

import static io.causeway.core.correlation.OnlineBoutique.AD;
import static io.causeway.core.correlation.OnlineBoutique.CART;
import static io.causeway.core.correlation.OnlineBoutique.CATALOG;
import static io.causeway.core.correlation.OnlineBoutique.CHECKOUT;
import static io.causeway.core.correlation.OnlineBoutique.CURRENCY;
import static io.causeway.core.correlation.OnlineBoutique.EMAIL;
import static io.causeway.core.correlation.OnlineBoutique.FAULT_ONSET;
import static io.causeway.core.correlation.OnlineBoutique.FRONTEND;
import static io.causeway.core.correlation.OnlineBoutique.PAYMENT;
import static io.causeway.core.correlation.OnlineBoutique.RECOMMENDATION;
import static io.causeway.core.correlation.OnlineBoutique.REDIS;
import static io.causeway.core.correlation.OnlineBoutique.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.avro.ActionBlastRadius;
import io.causeway.avro.ActionType;
import io.causeway.avro.BlastRadius;
import io.causeway.avro.Evidence;
import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.PolicyRuleRef;
import io.causeway.avro.PolicyVerdict;
import io.causeway.avro.SuggestedAction;
import io.causeway.core.policy.ActionPolicy;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActionGuardTest {

  private final ServiceGraph boutique = OnlineBoutique.graph();

  /**
   * The verdicts and reasons the ranker gave by fault kind before policies existed, written out as
   * it had them: the default policy must give exactly these.
   */
  private static List<Tuple> verdictsBeforePolicies(FaultKind kind, String service) {
    return switch (kind) {
      case BAD_CHANGE -> List.of(tuple("roll back the latest change on " + service, PolicyVerdict.NEEDS_APPROVAL, "changes what runs in production"));
      case SATURATION -> List.of(tuple("scale out " + service, PolicyVerdict.ALLOWED, "adds capacity, reversible"));
      case DEPENDENCY -> List.of(tuple("inspect the dependencies of " + service, PolicyVerdict.ALLOWED, "read-only"));
      default -> List.of(
          tuple("inspect recent errors and traces of " + service, PolicyVerdict.ALLOWED, "read-only"),
          tuple("restart " + service + " one instance at a time", PolicyVerdict.NEEDS_APPROVAL, "disrupts in-flight requests"));
    };
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void theDefaultPolicyGivesEveryFaultKindTheVerdictsOfBeforePolicies(FaultKind kind) {
    Hypothesis judged = judge(ActionPolicy.defaults(), hypothesis(CATALOG, kind));

    assertThat(judged.getActions())
        .extracting(SuggestedAction::getAction, SuggestedAction::getVerdict, SuggestedAction::getReason)
        .containsExactlyElementsOf(verdictsBeforePolicies(kind, CATALOG));
    assertThat(judged.getActions()).extracting(a -> a.getDecidedBy().getPolicy()).containsOnly("default");
  }

  @Test
  void theDefaultPolicyNamesTheRuleOfEachVerdict() {
    Hypothesis judged = judge(ActionPolicy.defaults(), hypothesis(CATALOG, FaultKind.LATENCY));

    assertThat(judged.getActions())
        .extracting(SuggestedAction::getDecidedBy)
        .extracting(PolicyRuleRef::getRule, PolicyRuleRef::getIndex)
        .containsExactly(tuple("inspect-is-read-only", 1), tuple("restart-needs-approval", 4));
    assertThat(judged.getActions()).extracting(a -> a.getDecidedBy().getLine()).allMatch(line -> line > 0);
  }

  @Test
  void aRestartTouchesEveryTransitiveCallerAndTheEntryTrafficThatReachesTheService() {
    ActionBlastRadius restart = ActionGuard.blastRadius(ActionType.RESTART, CATALOG, boutique);

    assertThat(restart.getDependents()).containsExactly(CHECKOUT, FRONTEND, RECOMMENDATION);
    assertThat(restart.getDependencies()).isEmpty();
    // frontend's calls to the catalog (40), checkout (5) and recommendation (15) of 125
    assertThat(restart.getEntryTrafficShare()).isEqualTo(0.48);
    assertThat(ActionGuard.blastRadius(ActionType.ROLLBACK, CATALOG, boutique)).isEqualTo(restart);
  }

  @Test
  void aScaleOutLoadsEveryTransitiveCalleeAndTheEntryTrafficThroughThem() {
    ActionBlastRadius scaleOut = ActionGuard.blastRadius(ActionType.SCALE_OUT, CHECKOUT, boutique);

    assertThat(scaleOut.getDependents()).isEmpty();
    assertThat(scaleOut.getDependencies()).containsExactly(CART, CURRENCY, EMAIL, PAYMENT, CATALOG, REDIS, SHIPPING);
    // every frontend call but the ad service's (10 of 125) reaches one of them
    assertThat(scaleOut.getEntryTrafficShare()).isEqualTo(0.92);
    assertThat(ActionGuard.blastRadius(ActionType.SCALE_OUT, REDIS, boutique).getDependencies()).isEmpty();
  }

  @Test
  void inspectingTouchesNothing() {
    ActionBlastRadius inspect = ActionGuard.blastRadius(ActionType.INSPECT, CATALOG, boutique);

    assertThat(inspect.getDependents()).isEmpty();
    assertThat(inspect.getDependencies()).isEmpty();
    assertThat(inspect.getEntryTrafficShare()).isZero();
  }

  @Test
  void aRuleOnBlastRadiusJudgesEachActionByWhatThatActionTouches() {
    ActionPolicy policy = policy("""
        rules:
          - name: wide-restarts-denied
            dependents: ">= 3"
            verdict: DENIED
          - name: the-rest
            verdict: ALLOWED
        """);

    Hypothesis catalog = judge(policy, hypothesis(CATALOG, FaultKind.LATENCY));
    Hypothesis ad = judge(policy, hypothesis(AD, FaultKind.LATENCY));

    assertThat(catalog.getActions())
        .extracting(SuggestedAction::getType, SuggestedAction::getVerdict, a -> a.getDecidedBy().getRule())
        .containsExactly(
            tuple(ActionType.INSPECT, PolicyVerdict.ALLOWED, "the-rest"),
            tuple(ActionType.RESTART, PolicyVerdict.DENIED, "wide-restarts-denied"));
    assertThat(catalog.getActions().get(1).getBlastRadius().getDependents()).hasSize(3);
    assertThat(ad.getActions()).extracting(SuggestedAction::getVerdict).containsOnly(PolicyVerdict.ALLOWED);
  }

  @Test
  void judgesEveryActionOfEveryHypothesisAndLeavesTheRankingAsItWas() {
    List<Hypothesis> ranked = List.of(hypothesis(CATALOG, FaultKind.LATENCY), hypothesis(CHECKOUT, FaultKind.DEPENDENCY));

    List<Hypothesis> judged = new ActionGuard(ActionPolicy.defaults()).judge(ranked, boutique, FAULT_ONSET);

    assertThat(judged).extracting(Hypothesis::getService).containsExactly(CATALOG, CHECKOUT);
    assertThat(judged).flatExtracting(Hypothesis::getActions).hasSize(3)
        .allSatisfy(a -> assertThat(a.getVerdict()).isNotEqualTo(PolicyVerdict.UNKNOWN));
    assertThat(ranked).flatExtracting(Hypothesis::getActions).extracting(SuggestedAction::getVerdict)
        .as("the input is not changed").containsOnly(PolicyVerdict.UNKNOWN);
  }

  private Hypothesis judge(ActionPolicy policy, Hypothesis hypothesis) {
    return new ActionGuard(policy).judge(List.of(hypothesis), boutique, FAULT_ONSET).get(0);
  }

  private static ActionPolicy policy(String yaml) {
    return ActionPolicy.parse("test.yaml", "test.yaml", yaml);
  }

  private static Hypothesis hypothesis(String service, FaultKind kind) {
    return Hypothesis.newBuilder()
        .setService(service)
        .setFaultKind(kind)
        .setConfidence(0.8)
        .setScore(1)
        .setEvidence(Evidence.newBuilder().setSummary("test").build())
        .setBlastRadius(BlastRadius.newBuilder().build())
        .setActions(SuggestedActions.forFault(service, kind))
        .build();
  }
}
