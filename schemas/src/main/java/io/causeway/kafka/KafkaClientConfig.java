package io.causeway.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka client settings every Causeway client shares: security ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}) and any other standard client property, from one place.
 *
 * <p>Sources, later ones winning: a Kafka client properties file named by {@value #FILE_OPTION}
 * (or the environment variable {@value #FILE_ENV}), then single entries {@value #PREFIX}{@code
 * <kafka key>}. Jobs read them from their Flink configuration; the launcher's own processes
 * (state-queries, notify, changes, graph, demo) from JVM system properties and the environment.
 * Settings Causeway relies on for its guarantees (serializers, group ids, transactions, isolation)
 * and the brokers (which have their own flag) are refused, not silently overridden.
 */
public final class KafkaClientConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String PREFIX = "causeway.kafka.client.";
  public static final String FILE_OPTION = "causeway.kafka.client-config";
  public static final String FILE_ENV = "CAUSEWAY_KAFKA_CONFIG";

  static final Set<String> RESERVED =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "group.id",
          "transactional.id",
          "isolation.level",
          "enable.auto.commit");

  private static final KafkaClientConfig NONE = new KafkaClientConfig(Map.of());

  private final TreeMap<String, String> properties;

  private KafkaClientConfig(Map<String, String> properties) {
    this.properties = new TreeMap<>(properties);
  }

  public static KafkaClientConfig none() {
    return NONE;
  }

  /** From explicit client properties (a test, or properties already resolved). */
  public static KafkaClientConfig of(Map<String, String> properties) {
    properties.keySet().forEach(KafkaClientConfig::refuseReserved);
    return new KafkaClientConfig(properties);
  }

  /**
   * From options such as a Flink configuration's: the file named by {@value #FILE_OPTION}, then the
   * {@value #PREFIX} entries.
   */
  public static KafkaClientConfig fromOptions(Map<String, String> options) {
    Map<String, String> merged = new TreeMap<>();
    String file = options.get(FILE_OPTION);
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file.trim())));
    }
    merged.putAll(prefixedEntries(options));
    return of(merged);
  }

  /**
   * For a process the launcher runs: JVM system properties ({@code -D}{@value #PREFIX}{@code ...},
   * {@code -D}{@value #FILE_OPTION}), else the file named by {@value #FILE_ENV}.
   */
  public static KafkaClientConfig fromEnvironment() {
    return fromEnvironment(systemProperties(), System.getenv());
  }

  static KafkaClientConfig fromEnvironment(Map<String, String> systemProperties, Map<String, String> environment) {
    Map<String, String> options = new TreeMap<>(systemProperties);
    String envFile = environment.get(FILE_ENV);
    if (!options.containsKey(FILE_OPTION) && envFile != null && !envFile.isBlank()) {
      options.put(FILE_OPTION, envFile);
    }
    return fromOptions(options);
  }

  /** These settings with {@code overrides}' on top (the environment's, then a command's own -D). */
  public KafkaClientConfig overriddenBy(KafkaClientConfig overrides) {
    Map<String, String> merged = new TreeMap<>(properties);
    merged.putAll(overrides.properties);
    return new KafkaClientConfig(merged);
  }

  /** The client properties, without the prefix. */
  public Map<String, String> properties() {
    return Collections.unmodifiableMap(properties);
  }

  /** Adds these settings to a client's own properties. */
  public Properties applyTo(Properties client) {
    client.putAll(properties);
    return client;
  }

  /**
   * The settings as {@value #PREFIX} options, for a job on a cluster where the file may not exist.
   * Flink hides option values whose keys name secrets ({@code sasl.jaas.config}, passwords) in its
   * UI and logs.
   */
  public Map<String, String> asOptions() {
    Map<String, String> options = new TreeMap<>();
    properties.forEach((key, value) -> options.put(PREFIX + key, value));
    return options;
  }

  public boolean isEmpty() {
    return properties.isEmpty();
  }

  /** For logs: the protocol and mechanism, never a secret. */
  public String describe() {
    return "security.protocol=" + properties.getOrDefault("security.protocol", "PLAINTEXT")
        + (properties.containsKey("sasl.mechanism") ? ", sasl.mechanism=" + properties.get("sasl.mechanism") : "");
  }

  private static Map<String, String> prefixedEntries(Map<String, String> options) {
    Map<String, String> entries = new TreeMap<>();
    options.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
            entries.put(key.substring(PREFIX.length()), value);
          }
        });
    return entries;
  }

  private static Map<String, String> readFile(Path file) {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Kafka client config file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka client config file " + file, e);
    }
    Map<String, String> entries = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> entries.put(name, loaded.getProperty(name).trim()));
    return entries;
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> entries = new TreeMap<>();
    Properties system = System.getProperties();
    system.stringPropertyNames().forEach(name -> entries.put(name, system.getProperty(name)));
    return entries;
  }

  private static void refuseReserved(String key) {
    if (RESERVED.contains(key)) {
      throw new IllegalArgumentException(
          "Kafka client setting " + key + " is Causeway's own"
              + (key.equals("bootstrap.servers") ? " (use --bootstrap-servers)" : " (its guarantees depend on it)")
              + "; only connection and security settings belong in the client config");
    }
  }

  @Override
  public String toString() {
    return "KafkaClientConfig[" + describe() + "]";
  }
}
