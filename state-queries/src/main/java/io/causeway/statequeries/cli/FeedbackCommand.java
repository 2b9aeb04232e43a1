package io.causeway.statequeries.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code causeway feedback INCIDENT --confirm SERVICE | --reject SERVICE}: tells state-queries
 * (over its HTTP API, so the same checks and dead letters apply) what the responder found. Exit 0
 * once stored, 2 on bad input (ours or the server's 4xx), 1 when the service cannot store it.
 */
@Command(
    name = "feedback",
    mixinStandardHelpOptions = true,
    description = "Confirm or reject a cause of an incident; the next similar incident ranks with it.")
public final class FeedbackCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "Incident id, e.g. inc-3f2a9c01b7d4.")
  String incident;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Verdict verdict;

  static final class Verdict {
    @Option(names = "--confirm", paramLabel = "SERVICE", required = true, description = "The service that was the cause.")
    String confirm;

    @Option(names = "--reject", paramLabel = "SERVICE", required = true, description = "A suspect that was not the cause.")
    String reject;
  }

  @Option(names = "--note", paramLabel = "TEXT", description = "Resolution note, e.g. 'rolled back checkout 1.4.2'.")
  String note;

  @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER}", description = "Who says so (default: $USER).")
  String by;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "state-queries' address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token (default: $" + StateQueriesCommand.TOKEN_ENV + ", else none).")
  String token;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StateQueriesClient.Answer answer;
    try {
      answer = new StateQueriesClient(url, token).post(path(), body());
    } catch (IOException e) {
      err.println("feedback not stored: state-queries at " + url + " did not answer (" + e + ")");
      return StateQueriesClient.NOT_STORED;
    }
    if (answer.stored()) {
      out.println("feedback stored: " + incident + " " + verdictWord() + " " + service());
    } else {
      err.println("feedback refused (" + answer.status() + "): " + answer.message());
    }
    return answer.exitCode();
  }

  String path() {
    return "/api/incidents/" + StateQueriesClient.segment(incident) + "/feedback";
  }

  ObjectNode body() {
    ObjectNode body = StateQueriesClient.JSON.createObjectNode();
    body.put("verdict", verdict.confirm != null ? "confirm" : "reject");
    body.put("service", service());
    if (note != null) {
      body.put("note", note);
    }
    if (by != null && !by.isBlank()) {
      body.put("by", by);
    }
    return body;
  }

  private String service() {
    return verdict.confirm != null ? verdict.confirm : verdict.reject;
  }

  private String verdictWord() {
    return verdict.confirm != null ? "confirmed" : "rejected";
  }
}
