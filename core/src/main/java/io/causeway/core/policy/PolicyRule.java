package io.causeway.core.policy;

import io.causeway.avro.ActionType;
import io.causeway.avro.PolicyVerdict;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One rule of a policy: conditions on an action, all of which must hold, and the verdict it gives.
 * A condition left out holds for every action.
 *
 * @param index position among the policy's rules, from 1
 * @param line where the rule starts in its file
 * @param actions action types it applies to; empty for all
 * @param services service names or globs; null for all
 * @param namespaces namespace names or globs; null for all
 * @param dependents bounds on the number of dependents the action disrupts
 * @param dependencies bounds on the number of dependencies it loads
 * @param entryTraffic bounds on the share of entry traffic it touches
 * @param window when the rule applies; null for always
 * @param freeze during which freezes it applies; null for regardless of freezes
 */
record PolicyRule(
    String name,
    int index,
    int line,
    Set<ActionType> actions,
    NamePattern services,
    NamePattern namespaces,
    List<Bound> dependents,
    List<Bound> dependencies,
    List<Bound> entryTraffic,
    TimeWindow window,
    FreezeCondition freeze,
    PolicyVerdict verdict,
    String reason)
    implements Serializable {

  /**
   * {@code during}: the rule applies inside a freeze (any of {@code names}, or any at all when
   * {@code names} is empty); otherwise only outside every freeze.
   */
  record FreezeCondition(boolean during, Set<String> names) implements Serializable {
    boolean holds(List<Freeze> active) {
      boolean inFreeze = active.stream().anyMatch(f -> names.isEmpty() || names.contains(f.name()));
      return inFreeze == during;
    }
  }

  boolean matches(ActionFacts action, List<Freeze> activeFreezes) {
    return (actions.isEmpty() || actions.contains(action.type()))
        && (services == null || services.matchesService(action.service()))
        && (namespaces == null || namespaces.matchesNamespaceOf(action.service()))
        && all(dependents, action.dependents())
        && all(dependencies, action.dependencies())
        && all(entryTraffic, action.entryTrafficShare())
        && (window == null || window.contains(action.at()))
        && (freeze == null || freeze.holds(activeFreezes));
  }

  private static boolean all(List<Bound> bounds, double figure) {
    return bounds.stream().allMatch(b -> b.test(figure));
  }
}
