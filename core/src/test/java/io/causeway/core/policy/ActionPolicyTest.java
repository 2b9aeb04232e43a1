package io.causeway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ActionType;
import io.causeway.avro.PolicyVerdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionPolicyTest {

  /** A Wednesday, 12:00 UTC (13:00 in Berlin). */
  private static final Instant WEDNESDAY_NOON = Instant.parse("2026-12-02T12:00:00Z");
  /** Friday 23:30 in Berlin. */
  private static final Instant FRIDAY_NIGHT_BERLIN = Instant.parse("2026-12-04T22:30:00Z");
  /** Saturday 03:00 in Berlin. */
  private static final Instant SATURDAY_EARLY_BERLIN = Instant.parse("2026-12-05T02:00:00Z");
  /** Friday 03:00 in Berlin: the night before belongs to Thursday. */
  private static final Instant FRIDAY_EARLY_BERLIN = Instant.parse("2026-12-04T02:00:00Z");

  @Test
  void givesEachVerdictByActionType() {
    ActionPolicy policy = parse("""
        rules:
          - action: inspect
            verdict: ALLOWED
          - action: [restart, rollback]
            verdict: NEEDS_APPROVAL
          - action: scale-out
            verdict: DENIED
        """);

    assertThat(verdict(policy, facts(ActionType.INSPECT, "cartservice", 0, 0.0, WEDNESDAY_NOON))).isEqualTo(PolicyVerdict.ALLOWED);
    assertThat(verdict(policy, facts(ActionType.RESTART, "cartservice", 0, 0.0, WEDNESDAY_NOON))).isEqualTo(PolicyVerdict.NEEDS_APPROVAL);
    assertThat(verdict(policy, facts(ActionType.ROLLBACK, "cartservice", 0, 0.0, WEDNESDAY_NOON))).isEqualTo(PolicyVerdict.NEEDS_APPROVAL);
    assertThat(verdict(policy, facts(ActionType.SCALE_OUT, "cartservice", 0, 0.0, WEDNESDAY_NOON))).isEqualTo(PolicyVerdict.DENIED);
  }

  @Test
  void theFirstMatchingRuleDecidesAndIsRecordedWithItsPositionAndLine() {
    String restartRules = """
          - name: restarts-allowed
            action: restart
            verdict: ALLOWED
          - name: everything-denied
            verdict: DENIED
        """;
    ActionPolicy policy = parse("rules:\n" + restartRules);
    ActionPolicy reversed = parse("""
        rules:
          - name: everything-denied
            verdict: DENIED
          - name: restarts-allowed
            action: restart
            verdict: ALLOWED
        """);
    ActionFacts restart = facts(ActionType.RESTART, "cartservice", 1, 0.1, WEDNESDAY_NOON);

    assertThat(policy.decide(restart))
        .isEqualTo(new Decision(PolicyVerdict.ALLOWED, "policy rule 'restarts-allowed'", "test.yaml", "restarts-allowed", 1, 2));
    assertThat(reversed.decide(restart))
        .isEqualTo(new Decision(PolicyVerdict.DENIED, "policy rule 'everything-denied'", "test.yaml", "everything-denied", 1, 2));
  }

  @Test
  void anActionNoRuleMatchesGetsTheFallbackVerdict() {
    ActionPolicy explicit = parse("""
        fallback: DENIED
        rules:
          - action: inspect
            verdict: ALLOWED
        """);
    ActionPolicy implicit = parse("rules: []");
    ActionFacts restart = facts(ActionType.RESTART, "cartservice", 1, 0.1, WEDNESDAY_NOON);

    assertThat(explicit.decide(restart))
        .isEqualTo(new Decision(PolicyVerdict.DENIED, "no policy rule matched", "test.yaml", ActionPolicy.FALLBACK, 0, 1));
    assertThat(implicit.decide(restart).verdict()).isEqualTo(PolicyVerdict.NEEDS_APPROVAL);
  }

  @Test
  void rulesOnBlastRadiusBoundDependentsDependenciesAndEntryTraffic() {
    ActionPolicy policy = parse("""
        rules:
          - name: wide
            dependents: [">= 3", "< 10"]
            verdict: DENIED
          - name: busy
            entry-traffic: "> 50%"
            verdict: NEEDS_APPROVAL
          - name: loads-many
            dependencies: ">= 5"
            verdict: NEEDS_APPROVAL
          - name: small
            dependents: "<= 2"
            entry-traffic: "<= 0.5"
            verdict: ALLOWED
        """);

    assertThat(rule(policy, facts(ActionType.RESTART, "catalog", 3, 0.48, WEDNESDAY_NOON))).isEqualTo("wide");
    assertThat(rule(policy, facts(ActionType.RESTART, "catalog", 10, 0.48, WEDNESDAY_NOON))).as("no rule bounds it").isEqualTo(ActionPolicy.FALLBACK);
    assertThat(rule(policy, facts(ActionType.RESTART, "frontend", 2, 0.51, WEDNESDAY_NOON))).isEqualTo("busy");
    assertThat(rule(policy, facts(ActionType.RESTART, "ad", 1, 0.5, WEDNESDAY_NOON))).isEqualTo("small");
    ActionFacts scaleOut = new ActionFacts(ActionType.SCALE_OUT, "checkout", 0, 7, 0.4, WEDNESDAY_NOON);
    assertThat(rule(policy, scaleOut)).isEqualTo("loads-many");
  }

  @Test
  void matchesServicesByNameOrGlobInAnyNamespaceAndNamespacesByTheirOwnPart() {
    ActionPolicy policy = parse("""
        rules:
          - name: shop-carts
            service: shop/cart*
            verdict: DENIED
          - name: payments
            namespace: pay*
            verdict: DENIED
          - name: any-redis
            service: ["redis-?", "redis-*"]
            verdict: NEEDS_APPROVAL
          - name: the-rest
            verdict: ALLOWED
        """);

    assertThat(rule(policy, restartOf("shop/cartservice"))).isEqualTo("shop-carts");
    assertThat(rule(policy, restartOf("cartservice"))).as("no namespace is not shop").isEqualTo("the-rest");
    assertThat(rule(policy, restartOf("shop/checkout/cartservice"))).as("* stops at /").isEqualTo("the-rest");
    assertThat(rule(policy, restartOf("payments/ledger"))).isEqualTo("payments");
    assertThat(rule(policy, restartOf("ledger"))).isEqualTo("the-rest");
    assertThat(rule(policy, restartOf("shop/redis-cart"))).as("a name without / matches in any namespace").isEqualTo("any-redis");
    assertThat(rule(policy, restartOf("redis.cart"))).as("a dot is a dot, not any character").isEqualTo("the-rest");
  }

  @Test
  void aTimeOfDayRuleIsJudgedAtTheActionsInstantInItsZoneAndANightBelongsToTheDayItBegan() {
    ActionPolicy policy = parse("""
        timezone: Europe/Berlin
        rules:
          - name: friday-night
            action: restart
            time: "22:00-06:00"
            days: FRI
            verdict: DENIED
          - name: working-hours-utc
            action: restart
            time: "09:00-17:00"
            days: MON-FRI
            zone: UTC
            verdict: ALLOWED
        """);

    assertThat(rule(policy, restartAt(FRIDAY_NIGHT_BERLIN))).isEqualTo("friday-night");
    assertThat(rule(policy, restartAt(SATURDAY_EARLY_BERLIN))).isEqualTo("friday-night");
    assertThat(rule(policy, restartAt(FRIDAY_EARLY_BERLIN))).as("Thursday's night").isEqualTo(ActionPolicy.FALLBACK);
    assertThat(rule(policy, restartAt(WEDNESDAY_NOON))).isEqualTo("working-hours-utc");
    assertThat(rule(policy, restartAt(Instant.parse("2026-12-02T17:00:00Z")))).as("the end is exclusive").isEqualTo(ActionPolicy.FALLBACK);
    assertThat(rule(policy, restartAt(Instant.parse("2026-12-05T12:00:00Z")))).as("a Saturday").isEqualTo(ActionPolicy.FALLBACK);
  }

  @Test
  void aFreezeRuleAppliesInsideTheFreezeOnlyAndANamedOneOnlyInThatFreeze() {
    ActionPolicy policy = parse("""
        timezone: Europe/Berlin
        freezes:
          - name: year-end
            from: 2026-12-21
            until: 2027-01-04T00:00:00+01:00
          - name: launch
            from: 2026-12-01T10:00
            for: 1d12h
        rules:
          - name: no-rollbacks-at-launch
            action: rollback
            freeze: launch
            verdict: DENIED
          - name: nothing-disruptive-in-a-freeze
            action: [restart, rollback, scale-out]
            freeze: true
            verdict: NEEDS_APPROVAL
          - name: restarts-outside-freezes
            action: restart
            freeze: false
            verdict: ALLOWED
        """);
    Instant launchDay = Instant.parse("2026-12-02T12:00:00Z");
    Instant yearEnd = Instant.parse("2026-12-30T12:00:00Z");

    assertThat(rule(policy, facts(ActionType.ROLLBACK, "cart", 1, 0.1, launchDay))).isEqualTo("no-rollbacks-at-launch");
    assertThat(rule(policy, facts(ActionType.ROLLBACK, "cart", 1, 0.1, yearEnd))).isEqualTo("nothing-disruptive-in-a-freeze");
    assertThat(rule(policy, restartAt(yearEnd))).isEqualTo("nothing-disruptive-in-a-freeze");
    assertThat(rule(policy, restartAt(Instant.parse("2026-12-20T22:59:59Z")))).as("just before the freeze, Berlin midnight").isEqualTo("restarts-outside-freezes");
    assertThat(rule(policy, restartAt(Instant.parse("2026-12-20T23:00:00Z")))).isEqualTo("nothing-disruptive-in-a-freeze");
    assertThat(rule(policy, restartAt(Instant.parse("2027-01-03T23:00:00Z")))).as("until is exclusive").isEqualTo("restarts-outside-freezes");
    assertThat(rule(policy, restartAt(Instant.parse("2026-12-02T21:00:00Z")))).as("1d12h after 10:00 Berlin").isEqualTo("restarts-outside-freezes");
  }

  @Test
  void aParsedPolicySurvivesJavaSerializationAsTheJobShipsIt() throws Exception {
    ActionPolicy policy = parse("""
        timezone: Europe/Berlin
        freezes:
          - {name: year-end, from: 2026-12-21, for: 14d}
        rules:
          - {name: a, service: "shop/*", time: "22:00-06:00", days: [SAT, SUN], verdict: DENIED}
          - {name: b, entry-traffic: ">= 25%", freeze: year-end, verdict: NEEDS_APPROVAL, reason: freeze}
          - {name: c, verdict: ALLOWED}
        """);
    ActionPolicy copy = roundTrip(policy);

    for (Instant at : new Instant[] {WEDNESDAY_NOON, FRIDAY_NIGHT_BERLIN, SATURDAY_EARLY_BERLIN, Instant.parse("2026-12-27T23:00:00Z")}) {
      for (ActionFacts action : new ActionFacts[] {facts(ActionType.RESTART, "shop/cart", 1, 0.3, at), facts(ActionType.INSPECT, "cart", 0, 0, at)}) {
        assertThat(copy.decide(action)).isEqualTo(policy.decide(action));
      }
    }
    assertThat(copy.decide(facts(ActionType.RESTART, "shop/cart", 1, 0.3, Instant.parse("2026-12-26T23:00:00Z"))).rule()).isEqualTo("a");
  }

  // ---------------------------------------------------------------------------------------------

  private static ActionPolicy parse(String yaml) {
    return ActionPolicy.parse("test.yaml", "test.yaml", yaml);
  }

  private static ActionFacts facts(ActionType type, String service, int dependents, double share, Instant at) {
    return new ActionFacts(type, service, dependents, 0, share, at);
  }

  private static ActionFacts restartOf(String service) {
    return facts(ActionType.RESTART, service, 1, 0.1, WEDNESDAY_NOON);
  }

  private static ActionFacts restartAt(Instant at) {
    return facts(ActionType.RESTART, "cartservice", 1, 0.1, at);
  }

  private static PolicyVerdict verdict(ActionPolicy policy, ActionFacts action) {
    return policy.decide(action).verdict();
  }

  private static String rule(ActionPolicy policy, ActionFacts action) {
    return policy.decide(action).rule();
  }

  private static ActionPolicy roundTrip(ActionPolicy policy) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(policy);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ActionPolicy) in.readObject();
    }
  }
}
