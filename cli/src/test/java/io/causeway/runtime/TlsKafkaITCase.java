package io.causeway.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.BeforeAll;

/**
 * A broker whose client listener speaks TLS only, with a certificate made for this test: a client
 * trusts it through {@code ssl.truststore.*}, and one that trusts another certificate is refused.
 */
class TlsKafkaITCase extends SecuredKafkaContract {

  static final String HANDSHAKE_FAILED = "TLS handshake failed";

  private static TestCertificates broker;
  private static TestCertificates stranger;

  @BeforeAll
  static void startTlsBroker() throws Exception {
    broker = TestCertificates.selfSigned(workDir.resolve("broker-certs"), "localhost");
    stranger = TestCertificates.selfSigned(workDir.resolve("stranger-certs"), "localhost");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"), SecurityProtocol.SSL, brokerTls(broker));
  }

  /** The broker's key, and its own certificate to trust for the clients it runs itself. */
  static Map<String, String> brokerTls(TestCertificates certs) {
    return Map.of(
        "ssl.keystore.type", "PKCS12",
        "ssl.keystore.location", certs.keystore().toString(),
        "ssl.keystore.password", certs.password(),
        "ssl.key.password", certs.password(),
        "ssl.truststore.type", "PKCS12",
        "ssl.truststore.location", certs.truststore().toString(),
        "ssl.truststore.password", certs.password());
  }

  /** A client's lines that trust the certificate in {@code trusted}'s truststore. */
  static List<String> trusting(TestCertificates trusted) {
    return List.of(
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + trusted.truststore(),
        "ssl.truststore.password=" + trusted.password());
  }

  @Override
  List<String> clientConfig(boolean rightCredentials) {
    List<String> lines = new ArrayList<>(List.of("security.protocol=SSL"));
    lines.addAll(trusting(rightCredentials ? broker : stranger));
    return lines;
  }

  @Override
  String refusal() {
    return HANDSHAKE_FAILED;
  }
}
