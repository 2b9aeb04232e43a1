package io.causeway.notify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code causeway ack}, {@code silence} and {@code notify} as a responder types them: what they
 * send to state-queries (a local stand-in), and one clear line with exit code 2 for bad input.
 */
class ResponderCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request the stand-in got: path, Authorization header, body. */
  private record Request(String path, String authorization, JsonNode body) {}

  private HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(new Request(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Authorization"), body));
      boolean refused = body.path("until").asText().equals("yesterday");
      byte[] answer = (refused
          ? "{\"error\":\"bad_request\",\"message\":\"'until' must be an ISO-8601 time or a duration from now, was 'yesterday'\"}"
          : "{\"ack\":{\"incidentId\":\"inc-1\"},\"silence\":{\"id\":\"sil-1\"}}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(refused ? 400 : 201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void ackPostsWhoAndTheNoteForTheIncidentWithTheToken() {
    int exit = run(new AckCommand(), "inc-1", "--by", "alice", "--note", "rolling back", "--url", url(), "--token", "t0k");

    assertThat(exit).isZero();
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/api/incidents/inc-1/ack");
      assertThat(r.authorization()).isEqualTo("Bearer t0k");
      assertThat(r.body().path("by").asText()).isEqualTo("alice");
      assertThat(r.body().path("note").asText()).isEqualTo("rolling back");
    });
    assertThat(out.toString().strip()).isEqualTo("{\"incidentId\":\"inc-1\"}");
  }

  @Test
  void silencePostsServiceFaultKindAndUntilAsGiven() {
    int exit = run(new SilenceCommand(), "--service", "cartservice", "--fault-kind", "latency", "--until", "2h", "--by", "bob", "--url", url());

    assertThat(exit).isZero();
    JsonNode body = requests.get(0).body();
    assertThat(requests.get(0).path()).isEqualTo("/api/silences");
    assertThat(body.path("service").asText()).isEqualTo("cartservice");
    assertThat(body.path("faultKind").asText()).isEqualTo("latency");
    assertThat(body.path("until").asText()).isEqualTo("2h");
    assertThat(requests.get(0).authorization()).isNull();
  }

  @Test
  void silenceExpirePostsToTheSilencesExpireEndpoint() {
    int exit = run(new SilenceCommand(), "--expire", "sil-3f2a9c0d11e4", "--url", url());

    assertThat(exit).isZero();
    assertThat(requests).singleElement().extracting(Request::path).isEqualTo("/api/silences/sil-3f2a9c0d11e4/expire");
  }

  @Test
  void aRefusalIsOneLineWithTheServersReasonAndExitCode2() {
    int exit = run(new SilenceCommand(), "--service", "cartservice", "--until", "yesterday", "--url", url());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("refused (400): 'until' must be an ISO-8601 time or a duration from now, was 'yesterday'")
        .doesNotContain("\n");
  }

  @Test
  void missingFlagsAreUsageErrorsAndAnUnreachableServiceIsExit1() throws Exception {
    assertThat(run(new SilenceCommand(), "--until", "2h", "--url", url())).isEqualTo(2);
    assertThat(err.toString()).contains("silence: give --service and --until (or --expire ID to lift a silence)");
    assertThat(run(new AckCommand(), "--url", url())).as("no incident").isEqualTo(2);
    int port = server.getAddress().getPort();
    server.stop(0);

    assertThat(run(new AckCommand(), "inc-1", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach state-queries at http://127.0.0.1:" + port);
  }

  @Test
  void notifyRefusesAMalformedConfigWithOneLineAndExitCode2(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("notify.yaml"), "kafka: {bootstrap-servers: 'k:9092'}\nsinks: [{type: teams}]\n");

    int exit = run(new NotifyCommand(), "--config", config.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("notify: " + config + ": sinks[0].type: 'teams' is not a sink type; use alertmanager, slack, pagerduty or webhook");
  }

  @Test
  void theLauncherFindsTheThreeCommands() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/causeway/commands")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
          .contains(NotifyCommand.class.getName(), AckCommand.class.getName(), SilenceCommand.class.getName());
    }
  }

  private int run(Object command, String... args) {
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }
}
