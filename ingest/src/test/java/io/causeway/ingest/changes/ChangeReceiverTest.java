package io.causeway.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import io.causeway.avro.DeadLetter;
import io.causeway.schemas.DeadLetters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver over real HTTP on 127.0.0.1, one server per test, into an in-memory sink. */
class ChangeReceiverTest {

  private static final Instant DEPLOYED = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant RECEIVED = Instant.parse("2025-03-01T12:00:00Z");
  private static final String GITHUB_SECRET = "gh-webhook-secret";
  private static final String TOKEN = "causeway-token";
  private static final int MAX_BODY = 4096;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private InMemoryChangeSink sink;
  private ChangeReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    sink = new InMemoryChangeSink();
    receiver = ChangeReceiver.builder()
        .sink(sink)
        .bind("127.0.0.1", 0)
        .githubSecret(GITHUB_SECRET)
        .token(TOKEN)
        .maxBodyBytes(MAX_BODY)
        .clock(Clock.fixed(RECEIVED, ZoneOffset.UTC))
        .build()
        .start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  // ---- generic form

  @Test
  void genericChangeBecomesExactlyTheChangeEventItDescribes() throws Exception {
    HttpResponse<String> response = post("/changes", """
        {"id": "chg-1", "service": "cartservice", "type": "config", "timestamp": "2025-03-01T11:00:00+01:00",
         "version": "v2.3.1", "author": "alice", "description": "raise redis pool to 64"}""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(body(response).get("accepted").asInt()).isEqualTo(1);
    assertThat(body(response).get("ids").get(0).asText()).isEqualTo("chg-1");
    assertThat(sink.events()).containsExactly(ChangeEvent.newBuilder()
        .setId("chg-1").setService("cartservice").setType(ChangeType.CONFIG).setTimestamp(DEPLOYED)
        .setVersion("v2.3.1").setAuthor("alice").setDescription("raise redis pool to 64").setSource("generic")
        .build());
    assertThat(sink.deadLetters()).isEmpty();
  }

  @Test
  void genericChangeWithoutIdOrTimestampIsStampedOnArrivalAndKeepsItsIdWhenRetried() throws Exception {
    String change = """
        {"service": "frontend", "type": "FLAG", "description": "new-checkout on"}""";

    HttpResponse<String> first = post("/changes", change, "X-Causeway-Token", TOKEN);
    HttpResponse<String> retry = post("/changes", change, "X-Causeway-Token", TOKEN);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(sink.events()).hasSize(2);
    assertThat(sink.events().get(0).getTimestamp()).isEqualTo(RECEIVED);
    assertThat(sink.events().get(0).getId()).startsWith("generic-").isEqualTo(sink.events().get(1).getId());
    assertThat(body(retry).get("ids").get(0).asText()).isEqualTo(sink.events().get(0).getId());
  }

  @Test
  void genericArrayAcceptsEveryChangeInOrder() throws Exception {
    HttpResponse<String> response = post("/changes", """
        [{"service": "a", "type": "SCALE", "timestamp": "2025-03-01T10:00:00Z"},
         {"service": "b", "type": "INFRA", "timestamp": "2025-03-01T10:00:00Z"}]""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(body(response).get("accepted").asInt()).isEqualTo(2);
    assertThat(sink.events()).extracting(ChangeEvent::getService).containsExactly("a", "b");
  }

  @Test
  void genericChangeOfUnknownTypeIsRefusedNamingTheKnownTypes() throws Exception {
    HttpResponse<String> response = post("/changes", """
        {"service": "frontend", "type": "REDEPLOY"}""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).get("error").asText()).isEqualTo("unknown_type");
    assertThat(body(response).get("message").asText()).contains("REDEPLOY", "DEPLOY", "ROLLBACK").doesNotContain("UNKNOWN");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void genericChangeWithoutServiceOrWithBadTimestampIsRefused() throws Exception {
    HttpResponse<String> noService = post("/changes", """
        {"type": "DEPLOY"}""", "X-Causeway-Token", TOKEN);
    HttpResponse<String> badTime = post("/changes", """
        {"service": "x", "type": "DEPLOY", "timestamp": "yesterday"}""", "X-Causeway-Token", TOKEN);

    assertThat(noService.statusCode()).isEqualTo(400);
    assertThat(body(noService).get("error").asText()).isEqualTo("missing_field");
    assertThat(body(noService).get("message").asText()).contains("'service'");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(body(badTime).get("error").asText()).isEqualTo("invalid_timestamp");
    assertThat(sink.events()).isEmpty();
  }

  // ---- GitHub

  @Test
  void githubSuccessfulDeploymentStatusIsADeployOfTheShaBySender() throws Exception {
    String webhook = githubDeploymentStatus("success", "{}");

    HttpResponse<String> response = postGithub("deployment_status", webhook, sign(webhook));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(sink.events()).containsExactly(ChangeEvent.newBuilder()
        .setId("github-deployment-status-42").setService("shop").setType(ChangeType.DEPLOY).setTimestamp(DEPLOYED)
        .setVersion("a1b2c3d").setAuthor("octocat").setDescription("deployed v1.4.0 to production: rolled out")
        .setSource("github")
        .build());
  }

  @Test
  void githubFailedDeploymentIsADeploySaidToHaveFailedForThePayloadService() throws Exception {
    String webhook = githubDeploymentStatus("failure", "{\"service\": \"checkoutservice\"}");

    HttpResponse<String> response = postGithub("deployment_status", webhook, sign(webhook));

    assertThat(response.statusCode()).isEqualTo(202);
    ChangeEvent event = sink.events().get(0);
    assertThat(event.getService()).isEqualTo("checkoutservice");
    assertThat(event.getType()).isEqualTo(ChangeType.DEPLOY);
    assertThat(event.getDescription()).startsWith("deployment failed (failure) v1.4.0 to production");
  }

  @Test
  void githubPendingStatusesAndOtherEventsAreAcknowledgedButNotRecorded() throws Exception {
    String pending = githubDeploymentStatus("pending", "{}");
    String ping = "{\"zen\": \"Keep it logically awesome.\"}";

    HttpResponse<String> pendingResponse = postGithub("deployment_status", pending, sign(pending));
    HttpResponse<String> pingResponse = postGithub("ping", ping, sign(ping));

    assertThat(pendingResponse.statusCode()).isEqualTo(202);
    assertThat(body(pendingResponse).get("accepted").asInt()).isZero();
    assertThat(pingResponse.statusCode()).isEqualTo(202);
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void githubWithASignatureOfAnotherSecretOrAnotherBodyIsUnauthorizedAndNothingIsSent() throws Exception {
    String webhook = githubDeploymentStatus("success", "{}");
    String otherSecret = "sha256=" + HexFormat.of().formatHex(
        RequestCheck.hmac(new SecretKeySpec("not-the-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"), webhook.getBytes(StandardCharsets.UTF_8)));

    HttpResponse<String> wrongSecret = postGithub("deployment_status", webhook, otherSecret);
    HttpResponse<String> tampered = postGithub("deployment_status", webhook.replace("octocat", "mallory"), sign(webhook));

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(body(wrongSecret).get("error").asText()).isEqualTo("unauthorized");
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(sink.events()).isEmpty();
    assertThat(sink.deadLetters()).extracting(DeadLetter::getSourceTopic, DeadLetter::getReason)
        .containsExactly(tuple("http:/changes/github", "unauthorized"), tuple("http:/changes/github", "unauthorized"));
    assertThat(sink.deadLetters().get(1).getRawValue()).isEqualTo(ByteBuffer.wrap(webhook.replace("octocat", "mallory").getBytes(StandardCharsets.UTF_8)));
    assertThat(sink.deadLetters().get(1).getError()).startsWith("401 unauthorized: header X-Hub-Signature-256 does not match the body (POST /changes/github from 127.0.0.1)");
  }

  // ---- Argo CD

  @Test
  void argocdSyncedAppIsADeployOfItsRevision() throws Exception {
    HttpResponse<String> response = post("/changes/argocd", """
        {"app": "paymentservice", "revision": "9f8e7d6", "status": "Synced", "author": "argo-bot",
         "message": "sync succeeded", "timestamp": "2025-03-01T10:00:00Z"}""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    ChangeEvent event = sink.events().get(0);
    assertThat(event).isEqualTo(ChangeEvent.newBuilder()
        .setId(event.getId()).setService("paymentservice").setType(ChangeType.DEPLOY).setTimestamp(DEPLOYED)
        .setVersion("9f8e7d6").setAuthor("argo-bot").setDescription("Argo CD app paymentservice Synced: sync succeeded")
        .setSource("argocd")
        .build());
    assertThat(event.getId()).startsWith("argocd-");
  }

  @Test
  void argocdRollbackOperationIsARollbackOfTheNamedService() throws Exception {
    HttpResponse<String> response = post("/changes/argocd", """
        {"app": "shop-payments", "service": "paymentservice", "revision": "1a2b3c4", "status": "Healthy",
         "operation": "rollback"}""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(sink.events().get(0).getType()).isEqualTo(ChangeType.ROLLBACK);
    assertThat(sink.events().get(0).getService()).isEqualTo("paymentservice");
    assertThat(sink.events().get(0).getTimestamp()).isEqualTo(RECEIVED);
  }

  @Test
  void argocdWithoutStatusIsRefused() throws Exception {
    HttpResponse<String> response = post("/changes/argocd", "{\"app\": \"x\"}", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).get("message").asText()).contains("'status'");
  }

  // ---- Kubernetes

  @Test
  void kubernetesScalingReplicaSetIsAScaleOfTheDeployment() throws Exception {
    HttpResponse<String> response = post("/changes/kubernetes", """
        {"kind": "Event", "apiVersion": "v1",
         "metadata": {"name": "frontend.17f", "namespace": "shop", "uid": "u-1"},
         "involvedObject": {"kind": "Deployment", "name": "frontend", "namespace": "shop"},
         "reason": "ScalingReplicaSet", "message": "Scaled up replica set frontend-5d8f9c7b6c to 3",
         "source": {"component": "deployment-controller"},
         "firstTimestamp": "2025-03-01T09:59:00Z", "lastTimestamp": "2025-03-01T10:00:00Z", "count": 1, "type": "Normal"}""",
        "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    ChangeEvent event = sink.events().get(0);
    assertThat(event).isEqualTo(ChangeEvent.newBuilder()
        .setId(event.getId()).setService("frontend").setType(ChangeType.SCALE).setTimestamp(DEPLOYED)
        .setVersion(null).setAuthor("deployment-controller")
        .setDescription("ScalingReplicaSet shop/Deployment/frontend: Scaled up replica set frontend-5d8f9c7b6c to 3")
        .setSource("kubernetes")
        .build());
  }

  @Test
  void kubernetesListMapsRolloutsCrashesAndOomKillsAndSkipsRoutineReasons() throws Exception {
    HttpResponse<String> response = post("/changes/kubernetes", """
        {"kind": "List", "apiVersion": "v1", "items": [
          {"involvedObject": {"kind": "ReplicaSet", "name": "checkoutservice-5d8f9c7b6c"}, "reason": "SuccessfulCreate",
           "message": "Created pod: checkoutservice-5d8f9c7b6c-x7k2p", "lastTimestamp": "2025-03-01T10:00:00Z"},
          {"involvedObject": {"kind": "Pod", "name": "checkoutservice-5d8f9c7b6c-x7k2p"}, "reason": "Pulled",
           "message": "Successfully pulled image", "lastTimestamp": "2025-03-01T10:00:01Z"},
          {"involvedObject": {"kind": "Pod", "name": "cartservice-0"}, "reason": "BackOff",
           "message": "Back-off restarting failed container", "eventTime": "2025-03-01T10:00:02.123456Z"},
          {"involvedObject": {"kind": "Pod", "name": "redis-cart-6b8d5f9c7-abcde"}, "reason": "Killing",
           "message": "Container redis was OOMKilled", "firstTimestamp": "2025-03-01T10:00:03Z"}
        ]}""", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(body(response).get("accepted").asInt()).isEqualTo(3);
    assertThat(sink.events()).extracting(ChangeEvent::getService, ChangeEvent::getType, ChangeEvent::getTimestamp)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("checkoutservice", ChangeType.DEPLOY, DEPLOYED),
            org.assertj.core.groups.Tuple.tuple("cartservice", ChangeType.INFRA, Instant.parse("2025-03-01T10:00:02.123Z")),
            org.assertj.core.groups.Tuple.tuple("redis-cart", ChangeType.INFRA, Instant.parse("2025-03-01T10:00:03Z")));
  }

  @Test
  void kubernetesEventWithoutInvolvedObjectIsRefused() throws Exception {
    HttpResponse<String> response = post("/changes/kubernetes", "{\"reason\": \"BackOff\"}", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).get("message").asText()).contains("involvedObject.kind");
  }

  // ---- every endpoint

  @ParameterizedTest
  @ValueSource(strings = {"/changes", "/changes/github", "/changes/argocd", "/changes/kubernetes"})
  void requestWithoutSignatureOrTokenIsUnauthorizedAndNothingIsSent(String path) throws Exception {
    HttpResponse<String> response = post(path, validBody(path), "X-GitHub-Event", "deployment_status");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(body(response).get("message").asText()).contains(path.equals("/changes/github") ? "X-Hub-Signature-256" : "X-Causeway-Token");
    assertThat(sink.events()).isEmpty();
    assertThat(sink.deadLetters()).singleElement().satisfies(letter -> {
      assertThat(letter.getSourceTopic()).isEqualTo("http:" + path);
      assertThat(letter.getReason()).isEqualTo("unauthorized");
      assertThat(letter.getRawValue()).isEqualTo(ByteBuffer.wrap(validBody(path).getBytes(StandardCharsets.UTF_8)));
      assertThat(letter.getPartition()).isEqualTo(DeadLetters.NO_PARTITION);
      assertThat(letter.getOffset()).isEqualTo(DeadLetters.NO_PARTITION);
      assertThat(letter.getTime()).isEqualTo(RECEIVED);
      assertThat(letter.getConsumer()).isEqualTo(ChangeReceiver.DEAD_LETTER_CONSUMER);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"/changes", "/changes/argocd", "/changes/kubernetes"})
  void requestWithWrongTokenIsUnauthorizedAndNothingIsSent(String path) throws Exception {
    HttpResponse<String> response = post(path, validBody(path), "X-Causeway-Token", TOKEN + "x");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(sink.events()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/changes", "/changes/github", "/changes/argocd", "/changes/kubernetes"})
  void malformedJsonIsABadRequest(String path) throws Exception {
    String broken = "{\"service\": \"frontend\", \"type\": ";

    HttpResponse<String> response = post(path, broken, credentials(path, broken));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(body(response).get("error").asText()).isEqualTo("malformed_json");
    assertThat(sink.events()).isEmpty();
    assertThat(sink.deadLetters()).singleElement().satisfies(letter -> {
      assertThat(letter.getSourceTopic()).isEqualTo("http:" + path);
      assertThat(letter.getReason()).isEqualTo("malformed_json");
      assertThat(letter.getError()).startsWith("400 malformed_json: the body is not JSON");
      assertThat(letter.getRawValue()).isEqualTo(ByteBuffer.wrap(broken.getBytes(StandardCharsets.UTF_8)));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"/changes", "/changes/github", "/changes/argocd", "/changes/kubernetes"})
  void otherMethodsAreNotAllowed(String path) throws Exception {
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(validBody(path))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(body(put).get("error").asText()).isEqualTo("method_not_allowed");
    assertThat(sink.events()).isEmpty();
    assertThat(sink.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getRawValue)
        .containsExactly(tuple("method_not_allowed", null), tuple("method_not_allowed", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/changes", "/changes/github", "/changes/argocd", "/changes/kubernetes"})
  void bodyOverTheLimitIsTooLarge(String path) throws Exception {
    String huge = "{\"service\": \"frontend\", \"type\": \"DEPLOY\", \"description\": \"" + "x".repeat(MAX_BODY) + "\"}";

    HttpResponse<String> response = post(path, huge, credentials(path, huge));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(body(response).get("error").asText()).isEqualTo("body_too_large");
    assertThat(sink.events()).isEmpty();
    assertThat(sink.deadLetters()).singleElement().satisfies(letter -> {
      assertThat(letter.getReason()).isEqualTo("body_too_large");
      assertThat(letter.getRawValue()).as("an oversized body is not kept").isNull();
    });
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    HttpResponse<String> response = post("/changes/gitlab", "{}", "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(body(response).get("message").asText()).contains("/changes/github");
    assertThat(sink.deadLetters()).extracting(DeadLetter::getSourceTopic, DeadLetter::getReason)
        .containsExactly(tuple("http:/changes/gitlab", "not_found"));
  }

  @Test
  void metricsCountAcceptedChangesAndEveryRefusalByEndpointReasonAndStatus() throws Exception {
    post("/changes", validBody("/changes"), "X-Causeway-Token", TOKEN);
    post("/changes", "[" + validBody("/changes") + "," + validBody("/changes") + "]", "X-Causeway-Token", TOKEN);
    post("/changes", "{\"type\": \"DEPLOY\"}", "X-Causeway-Token", TOKEN);
    post("/changes", validBody("/changes"), "X-Causeway-Token", "wrong");
    post("/changes/argocd", "not json", "X-Causeway-Token", TOKEN);
    postGithub("deployment_status", githubDeploymentStatus("success", "{}"), "sha256=00");
    post("/changes/gitlab", "{}");
    post("/admin", "{}");

    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body().lines().filter(line -> !line.startsWith("#")))
        .containsExactly(
            "causeway_changes_accepted_total{endpoint=\"/changes\"} 3",
            "causeway_changes_accepted_total{endpoint=\"/changes/argocd\"} 0",
            "causeway_changes_accepted_total{endpoint=\"/changes/github\"} 0",
            "causeway_changes_accepted_total{endpoint=\"/changes/kubernetes\"} 0",
            "causeway_changes_rejected_total{endpoint=\"/changes\",reason=\"missing_field\",status=\"400\"} 1",
            "causeway_changes_rejected_total{endpoint=\"/changes\",reason=\"unauthorized\",status=\"401\"} 1",
            "causeway_changes_rejected_total{endpoint=\"/changes/argocd\",reason=\"malformed_json\",status=\"400\"} 1",
            "causeway_changes_rejected_total{endpoint=\"/changes/github\",reason=\"unauthorized\",status=\"401\"} 1",
            "causeway_changes_rejected_total{endpoint=\"other\",reason=\"not_found\",status=\"404\"} 2",
            "causeway_changes_unavailable_total 0",
            "causeway_changes_dead_letters_failed_total 0");
    assertThat(sink.deadLetters()).hasSize(6);
  }

  @Test
  void aDeadLetterThatCannotBeWrittenIsCountedAndTheClientStillGetsItsAnswer() throws Exception {
    sink.failWith(new IOException("broker down"));

    HttpResponse<String> refused = post("/changes", "{\"type\": \"DEPLOY\"}", "X-Causeway-Token", TOKEN);
    HttpResponse<String> unavailable = post("/changes", validBody("/changes"), "X-Causeway-Token", TOKEN);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(metrics.body().lines())
        .contains("causeway_changes_dead_letters_failed_total 1", "causeway_changes_unavailable_total 1")
        .contains("causeway_changes_rejected_total{endpoint=\"/changes\",reason=\"missing_field\",status=\"400\"} 1");
  }

  @Test
  void metricsAreReadOnly() throws Exception {
    HttpResponse<String> response = post("/metrics", "{}");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    assertThat(sink.deadLetters()).extracting(DeadLetter::getSourceTopic).containsExactly("http:/metrics");
  }

  @Test
  void sinkFailureIsServiceUnavailableSoTheSenderRetries() throws Exception {
    sink.failWith(new IOException("broker down"));

    HttpResponse<String> response = post("/changes", validBody("/changes"), "X-Causeway-Token", TOKEN);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(body(response).get("message").asText()).contains("broker down");
  }

  // ---- helpers

  private static String githubDeploymentStatus(String state, String payload) {
    return """
        {"action": "created",
         "deployment_status": {"id": 42, "state": "%s", "description": "rolled out", "environment": "production",
                               "created_at": "2025-03-01T09:59:00Z", "updated_at": "2025-03-01T10:00:00Z"},
         "deployment": {"id": 7, "sha": "a1b2c3d", "ref": "v1.4.0", "environment": "production", "payload": %s},
         "repository": {"name": "shop", "full_name": "acme/shop"},
         "sender": {"login": "octocat"}}""".formatted(state, payload);
  }

  private static String validBody(String path) {
    return switch (path) {
      case "/changes/github" -> githubDeploymentStatus("success", "{}");
      case "/changes/argocd" -> "{\"app\": \"frontend\", \"status\": \"Synced\"}";
      case "/changes/kubernetes" -> "{\"involvedObject\": {\"kind\": \"Deployment\", \"name\": \"frontend\"}, \"reason\": \"ScalingReplicaSet\"}";
      default -> "{\"service\": \"frontend\", \"type\": \"DEPLOY\"}";
    };
  }

  private static String[] credentials(String path, String body) {
    return path.equals("/changes/github")
        ? new String[] {"X-GitHub-Event", "deployment_status", "X-Hub-Signature-256", sign(body)}
        : new String[] {"X-Causeway-Token", TOKEN};
  }

  private static String sign(String body) {
    SecretKeySpec key = new SecretKeySpec(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    return "sha256=" + HexFormat.of().formatHex(RequestCheck.hmac(key, body.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> postGithub(String event, String body, String signature) throws Exception {
    return post("/changes/github", body, "X-GitHub-Event", event, "X-Hub-Signature-256", signature);
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + receiver.address().getPort() + path);
  }

  private JsonNode body(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body());
  }
}
