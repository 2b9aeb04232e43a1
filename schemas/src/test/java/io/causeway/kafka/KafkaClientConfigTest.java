package io.causeway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

  @TempDir Path dir;

  @Test
  void singleEntriesOverrideTheFileAndLoseTheirPrefix() throws Exception {
    Path file = write("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.location=/etc/ca.p12\n");

    KafkaClientConfig config = KafkaClientConfig.fromOptions(Map.of(
        KafkaClientConfig.FILE_OPTION, file.toString(),
        "causeway.kafka.client.sasl.mechanism", "PLAIN",
        "causeway.window", "10s"));

    assertThat(config.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "ssl.truststore.location", "/etc/ca.p12"));
  }

  @Test
  void appliedOnTopOfAClientsOwnProperties() {
    KafkaClientConfig config = KafkaClientConfig.of(Map.of("request.timeout.ms", "60000", "security.protocol", "SSL"));
    Properties client = new Properties();
    client.put("request.timeout.ms", "10000");
    client.put("acks", "all");

    config.applyTo(client);

    assertThat(client).containsEntry("request.timeout.ms", "60000").containsEntry("security.protocol", "SSL").containsEntry("acks", "all");
  }

  @Test
  void settingsCausewayReliesOnAreRefusedWithTheirName() {
    assertThatThrownBy(() -> KafkaClientConfig.fromOptions(Map.of("causeway.kafka.client.isolation.level", "read_uncommitted")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("isolation.level");
    assertThatThrownBy(() -> KafkaClientConfig.fromOptions(Map.of("causeway.kafka.client.bootstrap.servers", "x:9092")))
        .hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void theEnvironmentNamesTheFileUnlessASystemPropertyDoes() throws Exception {
    Path fromEnv = write("security.protocol=SSL\n");
    Path fromProperty = write("security.protocol=SASL_PLAINTEXT\n");

    assertThat(KafkaClientConfig.fromEnvironment(Map.of(), Map.of(KafkaClientConfig.FILE_ENV, fromEnv.toString())).properties())
        .containsEntry("security.protocol", "SSL");
    assertThat(KafkaClientConfig.fromEnvironment(
            Map.of(KafkaClientConfig.FILE_OPTION, fromProperty.toString()), Map.of(KafkaClientConfig.FILE_ENV, fromEnv.toString()))
        .properties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
    assertThat(KafkaClientConfig.fromEnvironment(Map.of("user.home", "/root"), Map.of()).isEmpty()).isTrue();
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> KafkaClientConfig.fromOptions(Map.of(KafkaClientConfig.FILE_OPTION, dir.resolve("absent.properties").toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.properties");
  }

  @Test
  void asOptionsRoundTripsAndLaterSourcesWin() {
    KafkaClientConfig file = KafkaClientConfig.of(Map.of("security.protocol", "SSL", "ssl.keystore.password", "s3cret"));
    KafkaClientConfig flags = KafkaClientConfig.of(Map.of("security.protocol", "SASL_SSL"));

    KafkaClientConfig merged = file.overriddenBy(flags);

    assertThat(KafkaClientConfig.fromOptions(merged.asOptions()).properties()).isEqualTo(merged.properties());
    assertThat(merged.properties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(merged.describe()).contains("SASL_SSL").doesNotContain("s3cret");
    assertThat(merged.toString()).doesNotContain("s3cret");
  }

  @Test
  void aRefusedLoginOrPermissionDeepInTheCausesIsOneLine() {
    Exception login = new RuntimeException("wrapped", new IllegalStateException(new SaslAuthenticationException("Authentication failed: Invalid username or password\nmore")));
    Exception access = new RuntimeException(new TopicAuthorizationException("Not authorized to access topics: [incidents]"));

    assertThat(KafkaAccessFailure.explain(login, "k:9093")).hasValueSatisfying(line -> assertThat(line)
        .contains("k:9093", "refused the login", "Invalid username or password").doesNotContain("\n", "more"));
    assertThat(KafkaAccessFailure.explain(access, "k:9093")).hasValueSatisfying(line -> assertThat(line).contains("refused access", "ACLs"));
    assertThat(KafkaAccessFailure.explain(new RuntimeException("timeout"), "k:9093")).isEmpty();
  }

  @Test
  void aFailedTlsHandshakeSaysWhichSettingsToCheck() {
    Exception handshake = new RuntimeException(new SslAuthenticationException("SSL handshake failed"));

    assertThat(KafkaAccessFailure.explain(handshake, "k:9093")).hasValueSatisfying(line -> assertThat(line)
        .contains("k:9093", "TLS handshake failed", "ssl.truststore").doesNotContain("refused the login"));
  }

  private Path write(String text) throws Exception {
    Path file = Files.createTempFile(dir, "client", ".properties");
    Files.writeString(file, text);
    return file;
  }
}
