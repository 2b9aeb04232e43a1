package io.causeway.statequeries.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's write path: POST routes, method checks, body limits, and dead letters of refusals. */
class ApiServerWritesTest {

  private static final String TOKEN = "s3cret";

  private final List<String> refusals = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final HttpClient http = HttpClient.newHttpClient();
  private ApiServer server;

  @BeforeEach
  void start() throws IOException {
    RouteGroup notes = () -> List.of(
        Route.post("/api/notes/{id}", "/api/notes/([^/]+)", Set.of(), (path, params, body) ->
            new Reply(202, Map.of("id", path.get(0), "text", body.json().path("text").asText()))),
        Route.api("/api/notes", "/api/notes", Set.of(), (path, params) -> Reply.ok(Map.of("notes", 0))));
    RefusedRequests sink = (source, body, reason, message) -> refusals.add(source + " " + reason + " " + new String(body));
    server = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, 2, meters, sink, notes);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPostRouteGetsItsBodyAndPathAndAnswersWithItsOwnStatus() throws Exception {
    HttpResponse<String> answer = post("/api/notes/n-1", "{\"text\":\"rolled back\"}", "application/json", true);

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.body()).contains("\"id\":\"n-1\"").contains("\"text\":\"rolled back\"");
    assertThat(refusals).isEmpty();
  }

  @Test
  void aMethodTheRouteDoesNotTakeIs405WithTheAllowedOnes() throws Exception {
    HttpResponse<String> get = http.send(request("/api/notes/n-1", true).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> post = post("/api/notes", "{}", "application/json", true);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void aMalformedBodyIsA400ThatSaysWhyAndLeavesADeadLetterWithTheBody() throws Exception {
    HttpResponse<String> answer = post("/api/notes/n-1", "{not json", "application/json", true);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("not valid JSON");
    assertThat(refusals).containsExactly("http:/api/notes/{id} bad_request {not json");
    assertThat(meters.counter("causeway.http.refused", "endpoint", "/api/notes/{id}", "reason", "bad_request").count()).isEqualTo(1.0);
  }

  @Test
  void aBodyThatIsNotJsonByItsContentTypeIsRefused() throws Exception {
    HttpResponse<String> answer = post("/api/notes/n-1", "text=rolled back", "application/x-www-form-urlencoded", true);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("Content-Type: application/json");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWhole() throws Exception {
    String big = "{\"text\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}";

    HttpResponse<String> answer = post("/api/notes/n-1", big, "application/json", true);

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(refusals).singleElement().asString().startsWith("http:/api/notes/{id} payload_too_large");
  }

  @Test
  void aWriteWithoutTheTokenIsUnauthorisedAndDeadLettered() throws Exception {
    HttpResponse<String> answer = post("/api/notes/n-1", "{\"text\":\"x\"}", "application/json", false);

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(refusals).singleElement().asString().startsWith("http:/api/notes/{id} unauthorized");
  }

  private HttpResponse<String> post(String path, String body, String contentType, boolean withToken) throws Exception {
    HttpRequest request = request(path, withToken).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, boolean withToken) {
    InetSocketAddress address = server.address();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + address.getHostString() + ":" + address.getPort() + path));
    return withToken ? builder.header("Authorization", "Bearer " + TOKEN) : builder;
  }
}
