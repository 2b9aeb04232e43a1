package io.causeway.statequeries.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The responders' commands' way to state-queries ({@code feedback}, {@code ack}, {@code
 * silence}): POST a JSON body with the bearer token, and read the answer. Their exit codes: 0
 * stored, 2 refused as bad input (a 4xx, the server's message on one line), 1 not reached or not
 * stored (try again).
 */
public final class StateQueriesClient {

  public static final int STORED = 0;
  public static final int NOT_STORED = 1;
  public static final int BAD_INPUT = 2;
  public static final String TOKEN_ENV = StateQueriesCommand.TOKEN_ENV;
  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** {@code token} null means {@code $CAUSEWAY_STATE_QUERIES_TOKEN}, else none. */
  public StateQueriesClient(URI base, String token) {
    this.base = base;
    this.token = token != null ? token : System.getenv(TOKEN_ENV);
  }

  /** What state-queries answered: its status and JSON body (empty when it sent none). */
  public record Answer(int status, JsonNode body, String raw) {
    public boolean stored() {
      return status / 100 == 2;
    }

    /** The server's reason for a refusal, else its whole body. */
    public String message() {
      return body.path("message").asText(raw.strip());
    }

    public int exitCode() {
      return stored() ? STORED : status / 100 == 4 ? BAD_INPUT : NOT_STORED;
    }
  }

  /** Posts {@code body} to {@code path}; an IOException means state-queries did not answer. */
  public Answer post(String path, ObjectNode body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), parse(response.body()), response.body());
  }

  public URI base() {
    return base;
  }

  /** An id as one path segment: encoded, with a space as {@code %20}. */
  public static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null ? node : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
