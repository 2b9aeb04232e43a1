package io.causeway.statequeries.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Feedback;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentStatus;
import io.causeway.avro.Verdict;
import io.causeway.statequeries.Fixtures;
import io.causeway.statequeries.cli.FeedbackCommand;
import io.causeway.statequeries.http.ApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Feedback in, over HTTP and through the CLI: what is stored, and what is refused and why. */
class FeedbackRoutesTest {

  private static final String TOKEN = "s3cret";
  private static final Incident INCIDENT =
      Fixtures.incident("inc-1", IncidentStatus.OPEN, 1, Fixtures.T1, Fixtures.T1, "productcatalogservice");

  private final List<Feedback> written = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final HttpClient http = HttpClient.newHttpClient();
  private boolean brokerDown;
  private ApiServer server;

  @BeforeEach
  void start() throws IOException {
    Map<String, Incident> incidents = Map.of("inc-1", INCIDENT);
    FeedbackRoutes routes = new FeedbackRoutes(id -> Optional.ofNullable(incidents.get(id)), feedback -> {
      if (brokerDown) {
        throw new IOException("no ack within 20 s");
      }
      written.add(feedback);
    }, Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
    server = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, 2, meters,
        (source, body, reason, message) -> refusals.add(source + " " + reason), routes);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aConfirmationIsStoredAsFeedbackAndAnswered201() throws Exception {
    HttpResponse<String> answer =
        post("/api/incidents/inc-1/feedback", "{\"verdict\":\"confirm\",\"service\":\"productcatalogservice\",\"note\":\"rolled back 1.4.2\",\"by\":\"ana\"}");

    assertThat(answer.statusCode()).isEqualTo(201);
    assertThat(answer.body()).contains("\"verdict\":\"CONFIRMED\"");
    assertThat(written).singleElement().satisfies(f -> {
      assertThat(f.getIncidentId()).isEqualTo("inc-1");
      assertThat(f.getService()).isEqualTo("productcatalogservice");
      assertThat(f.getVerdict()).isEqualTo(Verdict.CONFIRMED);
      assertThat(f.getResolutionNote()).isEqualTo("rolled back 1.4.2");
      assertThat(f.getAuthor()).isEqualTo("ana");
      assertThat(f.getTime()).isEqualTo(Fixtures.NOW);
    });
  }

  @Test
  void anUnknownIncidentIs404AndADeadLetter() throws Exception {
    HttpResponse<String> answer = post("/api/incidents/inc-none/feedback", "{\"verdict\":\"confirm\",\"service\":\"cartservice\"}");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).contains("no incident 'inc-none'");
    assertThat(written).isEmpty();
    assertThat(refusals).containsExactly("http:/api/incidents/{id}/feedback not_found");
  }

  @Test
  void aVerdictOtherThanConfirmOrRejectIs400ThatNamesTheChoices() throws Exception {
    HttpResponse<String> answer = post("/api/incidents/inc-1/feedback", "{\"verdict\":\"maybe\",\"service\":\"cartservice\"}");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("\\\"confirm\\\" or \\\"reject\\\"");
    assertThat(written).isEmpty();
    assertThat(refusals).containsExactly("http:/api/incidents/{id}/feedback bad_request");
    assertThat(meters.counter("causeway.http.refused", "endpoint", "/api/incidents/{id}/feedback", "reason", "bad_request").count())
        .isEqualTo(1.0);
  }

  @Test
  void aMissingServiceOrAnUnknownFieldIs400() throws Exception {
    assertThat(post("/api/incidents/inc-1/feedback", "{\"verdict\":\"confirm\"}").body()).contains("'service' is required");
    assertThat(post("/api/incidents/inc-1/feedback", "{\"verdict\":\"confirm\",\"service\":\"a\",\"cause\":\"b\"}").body())
        .contains("unknown field(s) [cause]");
    assertThat(written).isEmpty();
  }

  @Test
  void aRejectionMustNameOneOfTheIncidentsSuspects() throws Exception {
    HttpResponse<String> typo = post("/api/incidents/inc-1/feedback", "{\"verdict\":\"reject\",\"service\":\"productcatalog\"}");
    HttpResponse<String> real = post("/api/incidents/inc-1/feedback", "{\"verdict\":\"reject\",\"service\":\"productcatalogservice\"}");

    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).contains("no hypothesis 'productcatalog'").contains("productcatalogservice");
    assertThat(real.statusCode()).isEqualTo(201);
    assertThat(written).singleElement().satisfies(f -> {
      assertThat(f.getVerdict()).isEqualTo(Verdict.REJECTED);
      assertThat(f.getAuthor()).isEqualTo(FeedbackRequest.ANONYMOUS);
    });
  }

  @Test
  void feedbackTheBrokerDidNotStoreIs503() throws Exception {
    brokerDown = true;

    HttpResponse<String> answer = post("/api/incidents/inc-1/feedback", "{\"verdict\":\"confirm\",\"service\":\"cartservice\"}");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("not stored");
  }

  @Test
  void theCommandPostsTheVerdictWithTheTokenAndSaysItIsStored() {
    StringWriter out = new StringWriter();

    int code = command(out, new StringWriter(),
        "inc-1", "--confirm", "productcatalogservice", "--note", "restarted", "--by", "ana", "--url", url(), "--token", TOKEN);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("feedback stored: inc-1 confirmed productcatalogservice");
    assertThat(written).singleElement().satisfies(f -> {
      assertThat(f.getResolutionNote()).isEqualTo("restarted");
      assertThat(f.getAuthor()).isEqualTo("ana");
    });
  }

  @Test
  void theCommandExits2WithTheServersReasonOnARefusal() {
    StringWriter err = new StringWriter();

    int code = command(new StringWriter(), err, "inc-none", "--reject", "cartservice", "--url", url(), "--token", TOKEN);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("feedback refused (404): no incident 'inc-none'");
  }

  @Test
  void theCommandNeedsExactlyOneVerdict() {
    StringWriter err = new StringWriter();

    assertThat(command(new StringWriter(), err, "inc-1", "--url", url())).isEqualTo(2);
    assertThat(command(new StringWriter(), err, "inc-1", "--confirm", "a", "--reject", "b", "--url", url())).isEqualTo(2);
    assertThat(err.toString()).contains("--confirm").contains("mutually exclusive");
    assertThat(written).isEmpty();
  }

  private int command(StringWriter out, StringWriter err, String... args) {
    CommandLine line = new CommandLine(new FeedbackCommand());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private String url() {
    InetSocketAddress address = server.address();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
