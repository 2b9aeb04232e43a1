package io.causeway.benchmarks.statequeries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.runtime.EmbeddedKafka;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.statequeries.StateQueriesConfig;
import io.causeway.statequeries.StateQueriesService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Lookup latency and throughput of state-queries per endpoint. The embedded broker gets a seeded
 * data set on the output topics ({@link OutputTopicsDataSet}); state-queries reads it into RocksDB
 * and serves on a free loopback port; a {@link LoadDriver} in a second JVM then loads each endpoint
 * in turn with closed-loop concurrent requests. {@code /health/live}, which touches no store, is
 * loaded first by the same driver as the baseline: its figures are what HTTP on loopback costs on
 * this machine right now, and every endpoint is also given as a ratio to it.
 */
@Command(name = "state-queries", mixinStandardHelpOptions = true,
    description = "Lookup latency (p50/p99) and throughput per state-queries endpoint, loaded from a second JVM on loopback.")
public final class StateQueriesBench implements Callable<Integer> {

  static final String BASELINE = "/health/live";
  /** The endpoints measured, in the order they are loaded and reported. */
  static final List<String> ENDPOINTS = List.of("/api/graph", "/api/graph?at=", "/api/graph/diff", "/api/services/{name}",
      "/api/incidents", "/api/incidents/{id}", "/metrics");
  /**
   * The JDK HttpServer sets TCP_NODELAY only when this property is true when it first loads. Without
   * it, small answers wait for the client's delayed ACK (about 40 ms on Linux); the report says which
   * way the service under test ran.
   */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final Duration READY_WITHIN = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--concurrency", defaultValue = "8", description = "Concurrent requests from the load driver (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--requests", defaultValue = "2000", description = "Measured requests per endpoint, at most (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--seconds", defaultValue = "10", description = "Time limit per endpoint, for the warm-up and again for the measurement (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", defaultValue = "200", description = "Unmeasured requests per endpoint before its measurement (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--services", defaultValue = "200", description = "Services in the generated data set (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--http-threads", defaultValue = "4", description = "state-queries request threads (its --http-threads; default: ${DEFAULT-VALUE}).")
  int httpThreads;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the data set (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    OutputTopicsDataSet data = OutputTopicsDataSet.generate(services, seed);
    Path dir = Files.createTempDirectory("causeway-bench-state-queries");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new TopicSetup(kafka.bootstrapServers(), Duration.ofSeconds(30)).ensureTopics(TopicNames.defaults(), (short) 1);
      data.produceTo(kafka.bootstrapServers(), TopicNames.defaults());
      try (StateQueriesService service = StateQueriesService.start(config(kafka.bootstrapServers(), dir.resolve("state-queries")))) {
        awaitReady(service);
        List<String> nodes = checkLoaded(service.url(), data);
        LoadPlan plan = new LoadPlan(service.url().toString(), concurrency, requests, seconds, warmup, targets(data, nodes));
        Duration timeout = Duration.ofSeconds(plan.targets().size() * (2L * seconds + 2 * LoadDriver.REQUEST_TIMEOUT.toSeconds()) + 60);
        List<EndpointFigures> figures = LoadDriverProcess.run(plan, dir, timeout);
        return report(out, data, figures);
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  private void checkOptions() {
    List<String> problems = new ArrayList<>();
    if (concurrency < 1 || concurrency > 256) {
      problems.add("--concurrency must be 1 to 256, was " + concurrency);
    }
    if (requests < 1) {
      problems.add("--requests must be at least 1, was " + requests);
    }
    if (seconds < 1) {
      problems.add("--seconds must be at least 1, was " + seconds);
    }
    if (warmup < 0) {
      problems.add("--warmup must not be negative, was " + warmup);
    }
    if (services < 3) {
      problems.add("--services must be at least 3, was " + services);
    }
    if (httpThreads < 1) {
      problems.add("--http-threads must be at least 1, was " + httpThreads);
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  private StateQueriesConfig config(String bootstrapServers, Path dataDir) {
    return StateQueriesConfig.builder()
        .bootstrapServers(bootstrapServers)
        .dataDir(dataDir)
        .bindAddress("127.0.0.1")
        .port(0)
        .httpThreads(httpThreads)
        .clock(Clock.fixed(OutputTopicsDataSet.NOW, ZoneOffset.UTC))
        .build();
  }

  private static void awaitReady(StateQueriesService service) throws InterruptedException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (!service.ready()) {
      if (!service.live() || System.nanoTime() > deadline) {
        throw new IllegalStateException("state-queries did not catch up with the data set within " + READY_WITHIN
            + (service.live() ? "" : ": its reading thread stopped (see the log)"));
      }
      Thread.sleep(100);
    }
  }

  /** Fails unless the service answers the whole data set; the current graph's services otherwise. */
  private static List<String> checkLoaded(URI base, OutputTopicsDataSet data) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonNode graph = get(client, base, "/api/graph");
    JsonNode incidents = get(client, base, "/api/incidents?status=all&limit=1");
    if (graph.path("edges").size() != data.currentEdges() || incidents.path("total").asInt() != data.incidentIds().size()) {
      throw new IllegalStateException("state-queries answers " + graph.path("edges").size() + " edges and "
          + incidents.path("total").asInt() + " incidents; the data set has " + data.currentEdges() + " and " + data.incidentIds().size());
    }
    List<String> nodes = new ArrayList<>();
    graph.path("nodes").forEach(node -> nodes.add(node.path("id").asText()));
    return nodes;
  }

  private static JsonNode get(HttpClient client, URI base, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The baseline, then each endpoint with the concrete paths the driver cycles through. */
  static List<LoadPlan.Target> targets(OutputTopicsDataSet data, List<String> services) {
    List<Instant> times = IntStream.range(0, 12)
        .mapToObj(i -> OutputTopicsDataSet.START.plus(Duration.ofMinutes(30 + 25L * i))).toList();
    List<List<String>> paths = List.of(
        List.of("/api/graph"),
        times.stream().map(t -> "/api/graph?at=" + t).toList(),
        times.stream().map(t -> "/api/graph/diff?from=" + t + "&to=" + t.plus(Duration.ofHours(1))).toList(),
        services.stream().map(s -> "/api/services/" + s).toList(),
        List.of("/api/incidents"),
        data.incidentIds().stream().map(id -> "/api/incidents/" + id).toList(),
        List.of("/metrics"));
    List<LoadPlan.Target> targets = new ArrayList<>();
    targets.add(new LoadPlan.Target(BASELINE, List.of(BASELINE)));
    for (int i = 0; i < ENDPOINTS.size(); i++) {
      targets.add(new LoadPlan.Target(ENDPOINTS.get(i), paths.get(i)));
    }
    return targets;
  }

  /** The table, then the JSON line; 1 when any request failed, since the figures then mean little. */
  private int report(PrintWriter out, OutputTopicsDataSet data, List<EndpointFigures> figures) throws IOException {
    EndpointFigures baseline = figures.get(0);
    out.printf(Locale.ROOT, "data set: %s; load: %d concurrent from a second JVM, %d requests or %d s per endpoint; %d HTTP threads; %s=%b%n",
        data.counts(), concurrency, requests, seconds, httpThreads, NO_DELAY_PROPERTY, Boolean.getBoolean(NO_DELAY_PROPERTY));
    out.printf(Locale.ROOT, "%-22s %9s %10s %9s %9s %7s %9s %10s%n",
        "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors", "p50/base", "req/s/base");
    Map<String, Object> endpoints = new LinkedHashMap<>();
    long errors = 0;
    for (EndpointFigures f : figures) {
      boolean isBaseline = f == baseline;
      out.printf(Locale.ROOT, "%-22s %9d %10.0f %9.2f %9.2f %7d %9s %10s%n",
          isBaseline ? f.endpoint() + " (base)" : f.endpoint(), f.requests(), f.requestsPerSecond(), f.p50Ms(), f.p99Ms(), f.errors(),
          isBaseline ? "1" : String.format(Locale.ROOT, "%.1f", EndpointFigures.ratio(f.p50Ms(), baseline.p50Ms())),
          isBaseline ? "1" : String.format(Locale.ROOT, "%.2f", EndpointFigures.ratio(f.requestsPerSecond(), baseline.requestsPerSecond())));
      if (!isBaseline) {
        endpoints.put(f.endpoint(), f.toJson(baseline));
      }
      errors += f.errors();
    }
    for (EndpointFigures f : figures) {
      if (f.firstError() != null) {
        out.println("first error on " + f.endpoint() + ": " + f.firstError());
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "state-queries");
    json.put("concurrency", concurrency);
    json.put("requestsPerEndpoint", requests);
    json.put("secondsPerEndpoint", seconds);
    json.put("httpThreads", httpThreads);
    json.put("serverTcpNoDelay", Boolean.getBoolean(NO_DELAY_PROPERTY));
    json.put("dataSet", data.counts());
    Map<String, Object> base = new LinkedHashMap<>(Map.of("endpoint", baseline.endpoint()));
    base.putAll(baseline.toJson(null));
    json.put("baseline", base);
    json.put("endpoints", endpoints);
    out.println(JSON.writeValueAsString(json));
    out.flush();
    return errors == 0 ? 0 : 1;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
