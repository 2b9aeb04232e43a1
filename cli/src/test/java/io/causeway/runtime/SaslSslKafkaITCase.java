package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.kafka.KafkaAccessFailure;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StateQueriesConfig;
import io.causeway.statequeries.StateQueriesService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that demands a SASL PLAIN login inside TLS (SASL_SSL), as a managed Kafka does: the
 * client must both trust the broker's certificate and know the password. A wrong password is the
 * login line; a certificate the client does not trust is the TLS line, before any login is tried.
 * state-queries reads and serves its views through the same client settings, and refuses to start
 * on a wrong password rather than wait.
 */
class SaslSslKafkaITCase extends SecuredKafkaContract {

  private static final Instant SEEN = Instant.parse("2026-01-01T00:00:00Z");

  private static TestCertificates broker;
  private static TestCertificates stranger;

  @TempDir Path stateDir;

  @BeforeAll
  static void startSaslSslBroker() throws Exception {
    broker = TestCertificates.selfSigned(workDir.resolve("broker-certs"), "localhost");
    stranger = TestCertificates.selfSigned(workDir.resolve("stranger-certs"), "localhost");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"), SecurityProtocol.SASL_SSL, TlsKafkaITCase.brokerTls(broker));
  }

  @Override
  List<String> clientConfig(boolean rightCredentials) {
    return saslSsl(broker, rightCredentials);
  }

  @Override
  String refusal() {
    return SaslKafkaITCase.LOGIN_REFUSED;
  }

  @Test
  void aBrokerCertificateTheClientDoesNotTrustIsTheTlsLine() throws Exception {
    assertRefusedInOneLine(saslSsl(stranger, true), TlsKafkaITCase.HANDSHAKE_FAILED);
  }

  @Test
  void stateQueriesServesAnEdgeItReadThroughTheClientConfigFile() throws Exception {
    KafkaClientConfig client = clientConfigFile(clientConfig(true));
    new TopicSetup(kafka.bootstrapServers(), client, Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
    produceEdge(client, "checkoutservice", "paymentservice");

    try (StateQueriesService service = StateQueriesService.start(stateQueries(client))) {
      assertThat(graphOnceItNames(service, "paymentservice", Duration.ofMinutes(1)))
          .contains("\"checkoutservice\"").contains("\"paymentservice\"");
    }
  }

  @Test
  void stateQueriesRefusesToStartOnAWrongPasswordInOneLine() throws Exception {
    KafkaClientConfig wrong = clientConfigFile(clientConfig(false));

    assertThatThrownBy(() -> StateQueriesService.start(stateQueries(wrong)).close())
        .isInstanceOf(KafkaAccessFailure.Refused.class)
        .hasMessageContaining(SaslKafkaITCase.LOGIN_REFUSED)
        .hasMessageNotContaining("\n");
  }

  private static List<String> saslSsl(TestCertificates trusted, boolean rightPassword) {
    List<String> lines = new ArrayList<>(SaslKafkaITCase.plainLogin(SecurityProtocol.SASL_SSL, rightPassword));
    lines.addAll(TlsKafkaITCase.trusting(trusted));
    return lines;
  }

  private StateQueriesConfig stateQueries(KafkaClientConfig client) {
    return StateQueriesConfig.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .kafkaClient(client)
        .dataDir(stateDir.resolve("store"))
        .port(0)
        .build();
  }

  private static void produceEdge(KafkaClientConfig client, String caller, String callee) throws Exception {
    Properties props = client.applyTo(new Properties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    DependencyEdge edge = DependencyEdge.newBuilder()
        .setCaller(caller).setCallee(callee).setKind(EdgeKind.RPC)
        .setWindowStart(SEEN.minusSeconds(5)).setWindowEnd(SEEN)
        .setCalls(10).setErrors(0).setCallsPerSecond(2.0).setErrorRatio(0)
        .setLatencyP50Ms(5).setLatencyP90Ms(10).setLatencyP99Ms(20)
        .setFirstSeen(SEEN).setLastSeen(SEEN)
        .build();
    try (KafkaProducer<String, DependencyEdge> producer =
        new KafkaProducer<>(props, new StringSerializer(), AvroSerde.serializer(DependencyEdge.class))) {
      producer.send(new ProducerRecord<>(Topic.EDGES.defaultName(), caller + "->" + callee, edge)).get();
    }
  }

  /** {@code /api/graph}'s answer once it names {@code service}, or the last answer when patience runs out. */
  private static String graphOnceItNames(StateQueriesService stateQueries, String service, Duration patience) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(stateQueries.url() + "/api/graph")).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + patience.toNanos();
    String body = "";
    while (System.nanoTime() < deadline && !body.contains("\"" + service + "\"")) {
      try {
        body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        body = e.toString();
      }
      Thread.sleep(200);
    }
    return body;
  }
}
