package io.causeway.runtime;

import java.util.List;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A broker that demands a SASL PLAIN login (the test kit's super user) on its client listener. */
class SaslKafkaITCase extends SecuredKafkaContract {

  private static final String JAAS_PROPERTY = "java.security.auth.login.config";

  private static String jaasBefore;

  @BeforeAll
  static void startSaslBroker() throws Exception {
    jaasBefore = System.getProperty(JAAS_PROPERTY);
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"), SecurityProtocol.SASL_PLAINTEXT);
  }

  @AfterAll
  static void forgetTheTestKitsJaasFile() {
    // The test kit points the whole JVM at its JAAS file; later tests' brokers must not inherit it.
    if (jaasBefore == null) {
      System.clearProperty(JAAS_PROPERTY);
    } else {
      System.setProperty(JAAS_PROPERTY, jaasBefore);
    }
  }

  @Override
  List<String> clientConfig(boolean rightCredentials) {
    String password = rightCredentials ? "plain-admin-secret" : "not-the-password";
    return List.of(
        "security.protocol=SASL_PLAINTEXT",
        "sasl.mechanism=PLAIN",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"plain-admin\" password=\"" + password + "\";");
  }

  @Override
  String refusal() {
    return "refused the login";
  }
}
