package io.causeway.launcher;

import io.causeway.avro.ActionType;
import io.causeway.core.policy.ActionFacts;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.core.policy.Decision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a policy file as the correlation job would at start, and optionally says what it decides
 * for one action, so an operator can try a policy before deploying it.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Check an action policy file (docs/policy.md); with --action, print the verdict it gives that action.")
final class PolicyCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The policy file.")
  Path file;

  @Option(names = "--action", description = "inspect, restart, rollback or scale-out.")
  String action;

  @Option(names = "--service", defaultValue = "service", description = "The action's target, ns/name or name (default: ${DEFAULT-VALUE}).")
  String service;

  @Option(names = "--dependents", defaultValue = "0", description = "Services the action disrupts (default: ${DEFAULT-VALUE}).")
  int dependents;

  @Option(names = "--dependencies", defaultValue = "0", description = "Services the action loads (default: ${DEFAULT-VALUE}).")
  int dependencies;

  @Option(names = "--entry-traffic", defaultValue = "0", description = "Share of entry traffic it touches, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double entryTraffic;

  @Option(names = "--at", description = "The incident's time, e.g. 2026-12-24T22:00:00Z (default: now).")
  Instant at;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ActionPolicy policy = ActionPolicy.load(file);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: ok, %d rules%n", file, policy.ruleCount());
    if (action != null) {
      Decision decision = policy.decide(new ActionFacts(actionType(), service, dependents, dependencies, entryTraffic, at == null ? Instant.now() : at));
      out.printf("%s %s: %s by %s (line %d): %s%n",
          action, service, decision.verdict(), decision.rule(), decision.line(), decision.reason());
    }
    return 0;
  }

  private ActionType actionType() {
    String symbol = action.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (ActionType type : ActionType.values()) {
      if (type != ActionType.UNKNOWN && type.name().equals(symbol)) {
        return type;
      }
    }
    throw new IllegalArgumentException("--action must be inspect, restart, rollback or scale-out, not '" + action + "'");
  }
}
