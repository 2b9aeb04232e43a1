package io.causeway.core.correlation;

import io.causeway.avro.ActionBlastRadius;
import io.causeway.avro.ActionType;
import io.causeway.avro.Hypothesis;
import io.causeway.avro.PolicyRuleRef;
import io.causeway.avro.SuggestedAction;
import io.causeway.core.policy.ActionFacts;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.core.policy.Decision;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Gives every suggested action of every hypothesis its blast radius, from the graph at the
 * incident's time, and the policy's verdict at the incident's event time.
 */
public final class ActionGuard implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ActionPolicy policy;

  public ActionGuard(ActionPolicy policy) {
    this.policy = policy;
  }

  /** The hypotheses with their actions judged; the ranking itself is untouched. */
  public List<Hypothesis> judge(List<Hypothesis> hypotheses, ServiceGraph graph, Instant at) {
    return hypotheses.stream()
        .map(h -> Hypothesis.newBuilder(h).setActions(h.getActions().stream().map(a -> judge(a, h.getService(), graph, at)).toList()).build())
        .toList();
  }

  private SuggestedAction judge(SuggestedAction action, String service, ServiceGraph graph, Instant at) {
    ActionBlastRadius reach = blastRadius(action.getType(), service, graph);
    Decision decision =
        policy.decide(new ActionFacts(action.getType(), service, reach.getDependents().size(), reach.getDependencies().size(), reach.getEntryTrafficShare(), at));
    return SuggestedAction.newBuilder(action)
        .setBlastRadius(reach)
        .setVerdict(decision.verdict())
        .setReason(decision.reason())
        .setDecidedBy(PolicyRuleRef.newBuilder()
            .setPolicy(decision.policy())
            .setRule(decision.rule())
            .setIndex(decision.index())
            .setLine(decision.line())
            .build())
        .build();
  }

  /**
   * What an action on {@code service} touches: a restart or a rollback disrupts every service that
   * calls it, directly or not, and the entry traffic that reaches it; a scale-out sends more load
   * to everything it calls, and so to the entry traffic through those; inspecting touches nothing.
   */
  static ActionBlastRadius blastRadius(ActionType type, String service, ServiceGraph graph) {
    ActionBlastRadius.Builder reach =
        ActionBlastRadius.newBuilder().setDependents(List.of()).setDependencies(List.of()).setEntryTrafficShare(0.0);
    switch (type) {
      case RESTART, ROLLBACK -> reach
          .setDependents(sorted(graph.transitiveCallers(service)))
          .setEntryTrafficShare(round(graph.entryTrafficShare(service)));
      case SCALE_OUT -> {
        Set<String> loaded = graph.transitiveCallees(service);
        reach.setDependencies(sorted(loaded)).setEntryTrafficShare(round(graph.entryTrafficShare(loaded)));
      }
      default -> { }
    }
    return reach.build();
  }

  private static List<String> sorted(Set<String> services) {
    return services.stream().sorted().toList();
  }

  /** As the hypothesis' own share is: what is on the wire is what the policy judged. */
  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
