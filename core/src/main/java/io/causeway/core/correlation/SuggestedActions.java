package io.causeway.core.correlation;

import io.causeway.avro.ActionType;
import io.causeway.avro.FaultKind;
import io.causeway.avro.PolicyVerdict;
import io.causeway.avro.SuggestedAction;
import java.util.List;

/**
 * What a responder could do about a hypothesis, by its fault kind. Advice only: Causeway never
 * acts. The verdict is left UNKNOWN here; the policy gives it ({@link ActionGuard}).
 */
public final class SuggestedActions {

  private SuggestedActions() {}

  public static List<SuggestedAction> forFault(String service, FaultKind kind) {
    return switch (kind) {
      case BAD_CHANGE -> List.of(action(ActionType.ROLLBACK, "roll back the latest change on " + service));
      case SATURATION -> List.of(action(ActionType.SCALE_OUT, "scale out " + service));
      case DEPENDENCY -> List.of(action(ActionType.INSPECT, "inspect the dependencies of " + service));
      default -> List.of(
          action(ActionType.INSPECT, "inspect recent errors and traces of " + service),
          action(ActionType.RESTART, "restart " + service + " one instance at a time"));
    };
  }

  private static SuggestedAction action(ActionType type, String text) {
    return SuggestedAction.newBuilder().setAction(text).setType(type).setVerdict(PolicyVerdict.UNKNOWN).build();
  }
}
