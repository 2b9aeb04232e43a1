package io.causeway.statequeries.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

  static final int BAD_INPUT = 2;
  static final int NOT_STORED = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

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
    HttpResponse<String> answer;
    try {
      answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("feedback not stored: state-queries at " + url + " did not answer (" + e + ")");
      return NOT_STORED;
    }
    if (answer.statusCode() / 100 == 2) {
      out.println("feedback stored: " + incident + " " + verdictWord() + " " + service());
      return 0;
    }
    err.println("feedback refused (" + answer.statusCode() + "): " + messageOf(answer.body()));
    return answer.statusCode() / 100 == 4 ? BAD_INPUT : NOT_STORED;
  }

  HttpRequest request() {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body()));
    String bearer = token != null ? token : System.getenv(StateQueriesCommand.TOKEN_ENV);
    if (bearer != null && !bearer.isEmpty()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request.build();
  }

  URI endpoint() {
    String base = url.toString().replaceAll("/+$", "");
    return URI.create(base + "/api/incidents/" + URLEncoder.encode(incident, StandardCharsets.UTF_8).replace("+", "%20") + "/feedback");
  }

  String body() {
    ObjectNode body = JSON.createObjectNode();
    body.put("verdict", verdict.confirm != null ? "confirm" : "reject");
    body.put("service", service());
    if (note != null) {
      body.put("note", note);
    }
    if (by != null && !by.isBlank()) {
      body.put("by", by);
    }
    return body.toString();
  }

  private String service() {
    return verdict.confirm != null ? verdict.confirm : verdict.reject;
  }

  private String verdictWord() {
    return verdict.confirm != null ? "confirmed" : "rejected";
  }

  private static String messageOf(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node.path("message").asText(body);
    } catch (IOException e) {
      return body.strip();
    }
  }
}
