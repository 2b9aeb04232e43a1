package io.causeway.statequeries.cli;

import io.causeway.kafka.KafkaClientConfig;
import io.causeway.runtime.TopicNames;
import io.causeway.statequeries.StateQueriesConfig;
import io.causeway.statequeries.StateQueriesService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code causeway state-queries}: serve lookups over the output topics until Ctrl-C. */
@Command(
    name = "state-queries",
    mixinStandardHelpOptions = true,
    description = "Materialise the output topics into RocksDB and serve the HTTP JSON API, /metrics and /health.")
public final class StateQueriesCommand implements Callable<Integer> {

  /** The environment variable that holds the bearer token when --token is not given. */
  static final String TOKEN_ENV = "CAUSEWAY_STATE_QUERIES_TOKEN";

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--data-dir", defaultValue = ".causeway/state-queries", paramLabel = "DIR",
      description = "RocksDB folder; delete it to rebuild from the topics (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Require 'Authorization: Bearer TOKEN' on /api and /metrics (default: $" + TOKEN_ENV + ", else none).")
  String token;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the topic names.")
  String topicPrefix;

  @Option(names = "--retention", defaultValue = "7d", converter = DurationText.class,
      description = "How long history (deltas, anomalies, changes, resolved incidents) is kept (default: ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(names = "--cleanup-every", defaultValue = "10m", converter = DurationText.class,
      description = "How often history beyond the retention is removed (default: ${DEFAULT-VALUE}).")
  Duration cleanupEvery;

  @Option(names = "--anomaly-open-for", defaultValue = "2m", converter = DurationText.class,
      description = "An anomaly is open while its latest report is this recent (default: ${DEFAULT-VALUE}).")
  Duration anomalyOpenFor;

  @Option(names = "--max-limit", defaultValue = "500", description = "Largest page a list answers (default: ${DEFAULT-VALUE}).")
  int maxLimit;

  @Option(names = "--http-threads", defaultValue = "4", description = "Threads answering requests (default: ${DEFAULT-VALUE}).")
  int httpThreads;

  @Spec CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StateQueriesConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    try (StateQueriesService service = StateQueriesService.start(config)) {
      out.println("state-queries: serving " + service.url() + " (data in " + config.dataDir().toAbsolutePath() + ")");
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "state-queries-shutdown"));
      stopped.await();
    }
    return 0;
  }

  StateQueriesConfig config() {
    return StateQueriesConfig.builder()
        .bootstrapServers(bootstrapServers)
        .kafkaClient(KafkaClientConfig.fromEnvironment())
        .dataDir(dataDir)
        .bindAddress(bind)
        .port(port)
        .token(token != null ? token : System.getenv(TOKEN_ENV))
        .topics(TopicNames.withPrefix(topicPrefix))
        .retention(retention)
        .cleanupEvery(cleanupEvery)
        .anomalyOpenFor(anomalyOpenFor)
        .maxLimit(maxLimit)
        .httpThreads(httpThreads)
        .build();
  }
}
