package io.causeway.runtime;

import java.util.List;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.BeforeAll;

/** A broker that demands a SASL PLAIN login (the test kit's super user) on its client listener. */
class SaslKafkaITCase extends SecuredKafkaContract {

  @BeforeAll
  static void startSaslBroker() throws Exception {
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"), SecurityProtocol.SASL_PLAINTEXT);
  }

  @Override
  List<String> clientConfig(boolean rightCredentials) {
    return plainLogin(SecurityProtocol.SASL_PLAINTEXT, rightCredentials);
  }

  /** A client's lines for a PLAIN login as the test kit's super user, over {@code protocol}. */
  static List<String> plainLogin(SecurityProtocol protocol, boolean rightPassword) {
    String password = rightPassword ? "plain-admin-secret" : "not-the-password";
    return List.of(
        "security.protocol=" + protocol.name,
        "sasl.mechanism=PLAIN",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"plain-admin\" password=\"" + password + "\";");
  }

  @Override
  String refusal() {
    return LOGIN_REFUSED;
  }

  static final String LOGIN_REFUSED = "refused the login";
}
