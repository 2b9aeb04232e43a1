package io.causeway.notify.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.statequeries.cli.StateQueriesClient;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code causeway ack INCIDENT}: acknowledge an incident through state-queries, so it pages no one again. */
@Command(
    name = "ack",
    mixinStandardHelpOptions = true,
    description = "Acknowledge an incident: its later updates page no one, PagerDuty gets 'acknowledge'.")
public final class AckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "The incident id, e.g. inc-0a9f786c763e.")
  String incident;

  @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges (default: the user name).")
  String by = System.getProperty("user.name");

  @Option(names = "--note", paramLabel = "TEXT", description = "A note for the others.")
  String note;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "state-queries' address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Its bearer token (default: $" + StateQueriesClient.TOKEN_ENV + ").")
  String token;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ObjectNode body = StateQueriesClient.JSON.createObjectNode().put("by", by);
    if (note != null) {
      body.put("note", note);
    }
    String path = "/api/incidents/" + StateQueriesClient.segment(incident) + "/ack";
    return ResponderPosts.post(new StateQueriesClient(url, token), path, body, "ack", spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
