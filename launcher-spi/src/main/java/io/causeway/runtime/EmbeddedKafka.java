package io.causeway.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka 4 broker in KRaft mode (combined broker + controller), running in this
 * JVM on a free loopback port. Used by the embedded default mode and by integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats storage under {@code dataDir} (or a temporary folder if null) and starts the broker. */
  public static EmbeddedKafka start(Path dataDir) throws Exception {
    return start(dataDir, SecurityProtocol.PLAINTEXT);
  }

  /**
   * A broker whose client listener speaks {@code protocol}: with {@code SASL_PLAINTEXT} it takes
   * PLAIN logins of the test kit's users (the super user {@code plain-admin}, password {@code
   * plain-admin-secret}) and refuses every other; with {@code SSL} (and the broker's keystore in
   * {@code brokerSettings}) it speaks TLS only; {@code SASL_SSL} is both, the login inside TLS.
   * For testing clients' security settings.
   */
  static EmbeddedKafka start(Path dataDir, SecurityProtocol protocol) throws Exception {
    return start(dataDir, protocol, Map.of());
  }

  /**
   * As {@link #start(Path, SecurityProtocol)}, with broker settings on top of the single-node ones:
   * for {@code SSL} and {@code SASL_SSL}, the broker's {@code ssl.keystore.*} (and a truststore for
   * its own clients). The controller's listener logs in as the broker's does for SASL, but never
   * speaks TLS.
   */
  static EmbeddedKafka start(Path dataDir, SecurityProtocol protocol, Map<String, String> brokerSettings) throws Exception {
    boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
    // the test kit sets up PLAINTEXT and SASL_PLAINTEXT only: TLS is laid over such a listener below
    SecurityProtocol kitProtocol = withoutTls(protocol);
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder(productionBootstrapMetadata())
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBrokerSecurityProtocol(kitProtocol)
            // with a login the broker's authorizer admits only the super user: its own calls to the
            // controller must log in too
            .setControllerSecurityProtocol(kitProtocol);
    if (dataDir != null) {
      nodes.setBaseDirectory(dataDir);
    }
    TestKitNodes built = nodes.build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(built);
    singleNodeSettings().forEach(builder::setConfigProp);
    if (tls) {
      builder.setConfigProp("listener.security.protocol.map",
          built.brokerListenerName().value() + ":" + protocol.name + "," + built.controllerListenerName().value() + ":" + kitProtocol.name);
    }
    brokerSettings.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster);
  }

  /** The protocol the test kit can set up under {@code protocol}: the same, less TLS. */
  private static SecurityProtocol withoutTls(SecurityProtocol protocol) {
    return switch (protocol) {
      case SSL -> SecurityProtocol.PLAINTEXT;
      case SASL_SSL -> SecurityProtocol.SASL_PLAINTEXT;
      default -> protocol;
    };
  }

  /** Kafka's storage formatter prints to standard output, which belongs to our JSON lines. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream stdout = System.out;
    synchronized (System.class) {
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        cluster.format();
      } finally {
        System.setOut(stdout);
      }
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Restarts the broker as an operator's rolling restart would: a clean shutdown, {@code down} with
   * no broker at all, then a start on the same log folders and the same port (the test kit binds
   * each listener's port once and reopens that port on a restart), so clients reconnect to the
   * address they had. The controller half of the node keeps running, as a separate controller would.
   */
  public void restartBroker(Duration down) throws Exception {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.shutdown();
      broker.awaitShutdown();
    }
    Thread.sleep(down.toMillis());
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.startup();
    }
    cluster.waitForReadyBrokers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * The test kit bootstraps unreleased metadata by default; a user-facing broker runs the latest
   * production metadata version with each feature at its default level for that version.
   */
  private static BootstrapMetadata productionBootstrapMetadata() {
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> features = new HashMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(version));
    }
    return BootstrapMetadata.fromVersions(version, features, "causeway embedded broker");
  }

  /** One replica of everything, including the internal transaction and offset topics. */
  private static Map<String, Object> singleNodeSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("offsets.topic.num.partitions", "4");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("transaction.state.log.num.partitions", "4");
    settings.put("transaction.max.timeout.ms", "900000");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "false");
    settings.put("log.cleaner.backoff.ms", "5000");
    // A demo or replay broker keeps what it is given, however old its timestamps.
    settings.put("log.retention.ms", "-1");
    return settings;
  }
}
