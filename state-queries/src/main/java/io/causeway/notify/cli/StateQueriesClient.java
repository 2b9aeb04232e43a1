package io.causeway.notify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The responders' commands' way to state-queries: POST a JSON body, print the answer. Exit codes:
 * 0 stored, 2 refused as bad input (4xx, the server's message on one line), 1 not reached or not
 * stored (try again).
 */
final class StateQueriesClient {

  static final String TOKEN_ENV = "CAUSEWAY_STATE_QUERIES_TOKEN";
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  StateQueriesClient(URI base, String token) {
    this.base = base;
    this.token = token != null ? token : System.getenv(TOKEN_ENV);
  }

  /** Posts {@code body} to {@code path}; prints the stored record to {@code out} or the reason to {@code err}. */
  int post(String path, ObjectNode body, String field, PrintWriter out, PrintWriter err) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("cannot reach state-queries at " + base + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      return 1;
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      out.println(answer.has(field) ? answer.get(field).toString() : response.body());
      return 0;
    }
    String message = answer.path("message").asText(response.body().strip());
    err.println("refused (" + response.statusCode() + "): " + message);
    return response.statusCode() / 100 == 4 ? 2 : 1;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
