package io.causeway.statequeries;

import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.TopicNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything state-queries needs to run, checked in {@link Builder#build()} with messages that
 * say which flag to fix. Defaults: bind 127.0.0.1:8080, retention 7 days, cleanup every 10
 * minutes, anomalies open for 2 minutes after their latest report, lists up to 500 items, 4 HTTP
 * threads, no token.
 */
public final class StateQueriesConfig {

  private final String bootstrapServers;
  private final KafkaClientConfig kafkaClient;
  private final Path dataDir;
  private final String bindAddress;
  private final int port;
  private final String token;
  private final TopicNames topics;
  private final Duration retention;
  private final Duration cleanupEvery;
  private final Duration anomalyOpenFor;
  private final int maxLimit;
  private final int httpThreads;
  private final Clock clock;

  private StateQueriesConfig(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.kafkaClient = b.kafkaClient;
    this.dataDir = b.dataDir;
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.token = b.token;
    this.topics = b.topics;
    this.retention = b.retention;
    this.cleanupEvery = b.cleanupEvery;
    this.anomalyOpenFor = b.anomalyOpenFor;
    this.maxLimit = b.maxLimit;
    this.httpThreads = b.httpThreads;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() { return bootstrapServers; }
  public KafkaClientConfig kafkaClient() { return kafkaClient; }
  public Path dataDir() { return dataDir; }
  public String bindAddress() { return bindAddress; }
  public int port() { return port; }
  /** Null when the API is open. */
  public String token() { return token; }
  public TopicNames topics() { return topics; }
  public Duration retention() { return retention; }
  public Duration cleanupEvery() { return cleanupEvery; }
  public Duration anomalyOpenFor() { return anomalyOpenFor; }
  public int maxLimit() { return maxLimit; }
  public int httpThreads() { return httpThreads; }
  public Clock clock() { return clock; }

  /** Collects settings; {@link #build()} checks them all and reports every problem at once. */
  public static final class Builder {
    private String bootstrapServers;
    private KafkaClientConfig kafkaClient = KafkaClientConfig.none();
    private Path dataDir;
    private String bindAddress = "127.0.0.1";
    private int port = 8080;
    private String token;
    private TopicNames topics = TopicNames.defaults();
    private Duration retention = Duration.ofDays(7);
    private Duration cleanupEvery = Duration.ofMinutes(10);
    private Duration anomalyOpenFor = Duration.ofMinutes(2);
    private int maxLimit = 500;
    private int httpThreads = 4;
    private Clock clock = Clock.systemUTC();

    public Builder bootstrapServers(String value) { this.bootstrapServers = value; return this; }
    /** Security and other Kafka client settings (default: none, as the embedded broker needs). */
    public Builder kafkaClient(KafkaClientConfig value) { this.kafkaClient = value; return this; }
    public Builder dataDir(Path value) { this.dataDir = value; return this; }
    public Builder bindAddress(String value) { this.bindAddress = value; return this; }
    /** 0 picks a free port. */
    public Builder port(int value) { this.port = value; return this; }
    /** Null or blank: no authentication. */
    public Builder token(String value) { this.token = value == null || value.isBlank() ? null : value; return this; }
    public Builder topics(TopicNames value) { this.topics = value; return this; }
    public Builder retention(Duration value) { this.retention = value; return this; }
    public Builder cleanupEvery(Duration value) { this.cleanupEvery = value; return this; }
    public Builder anomalyOpenFor(Duration value) { this.anomalyOpenFor = value; return this; }
    public Builder maxLimit(int value) { this.maxLimit = value; return this; }
    public Builder httpThreads(int value) { this.httpThreads = value; return this; }
    public Builder clock(Clock value) { this.clock = value; return this; }

    public StateQueriesConfig build() {
      List<String> problems = new ArrayList<>();
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        problems.add("bootstrap servers are required (--bootstrap-servers HOST:PORT)");
      }
      if (dataDir == null) {
        problems.add("a data folder is required (--data-dir DIR)");
      }
      if (bindAddress == null || bindAddress.isBlank()) {
        problems.add("bind address must not be blank (--bind 127.0.0.1)");
      }
      if (port < 0 || port > 65535) {
        problems.add("port must be 0 to 65535 (--port), was " + port);
      }
      checkPositive(problems, "retention (--retention)", retention);
      checkPositive(problems, "cleanup interval (--cleanup-every)", cleanupEvery);
      checkPositive(problems, "anomaly open window (--anomaly-open-for)", anomalyOpenFor);
      if (maxLimit < 1) {
        problems.add("max list limit must be at least 1 (--max-limit), was " + maxLimit);
      }
      if (httpThreads < 1) {
        problems.add("HTTP threads must be at least 1 (--http-threads), was " + httpThreads);
      }
      Objects.requireNonNull(topics, "topics");
      Objects.requireNonNull(clock, "clock");
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("state-queries settings: " + String.join("; ", problems));
      }
      return new StateQueriesConfig(this);
    }

    private static void checkPositive(List<String> problems, String what, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        problems.add(what + " must be positive, was " + value);
      }
    }
  }
}
