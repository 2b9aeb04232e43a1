package io.causeway.ingest.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import io.causeway.ingest.nezha.PodNames;
import io.causeway.schemas.DeadLetters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Takes change notifications over HTTP (generic JSON, GitHub, Argo CD, Kubernetes events) and
 * hands them to a {@link ChangeSink}; every request it refuses with a 4xx becomes a dead letter in
 * the same sink and is counted by endpoint and reason ({@code GET /metrics}). The contract is in
 * ingest/README.md. Start with {@link #start()}, stop with {@link #close()}.
 */
public final class ChangeReceiver implements AutoCloseable {

  public static final String TOKEN_HEADER = "X-Causeway-Token";
  /** Prometheus text format of the receiver's counters ({@code GET}). */
  public static final String METRICS_PATH = "/metrics";
  /** The {@code consumer} of the receiver's dead letters. */
  public static final String DEAD_LETTER_CONSUMER = "changes-receiver";
  /** Characters of an unknown path kept in a dead letter's source. */
  private static final int MAX_SOURCE_PATH = 200;
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** How much of an oversized body is read and discarded so the client sees the 413. */
  private static final long DRAIN_LIMIT = 16L << 20;

  private record Route(ChangeMapper mapper, RequestCheck check) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Route> routes;
  private final ChangeSink sink;
  private final ReceiverMetrics metrics;
  private final Clock clock;
  private final int maxBodyBytes;
  private final InetSocketAddress bind;
  private HttpServer server;
  private ExecutorService executor;

  private ChangeReceiver(Builder builder) {
    RequestCheck tokenCheck = builder.token == null ? RequestCheck.none() : RequestCheck.token(TOKEN_HEADER, builder.token);
    RequestCheck githubCheck = builder.githubSecret == null ? RequestCheck.none() : RequestCheck.hubSignature(builder.githubSecret);
    Map<String, Route> table = new LinkedHashMap<>();
    table.put("/changes", new Route(new GenericChanges(), tokenCheck));
    table.put("/changes/github", new Route(new GitHubDeployments(), githubCheck));
    table.put("/changes/argocd", new Route(new ArgoCdNotifications(), tokenCheck));
    table.put("/changes/kubernetes", new Route(new KubernetesEvents(builder.podNames), tokenCheck));
    this.routes = Map.copyOf(table);
    this.metrics = new ReceiverMetrics(table.keySet());
    this.sink = builder.sink;
    this.clock = builder.clock;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.bind = new InetSocketAddress(builder.host, builder.port);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; the bound address (with the real port when 0 was asked) is {@link #address()}. */
  public synchronized ChangeReceiver start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the receiver is already started");
    }
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer created = HttpServer.create(bind, 0);
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "causeway-changes-http-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    created.setExecutor(executor);
    created.createContext("/", this::handle);
    created.start();
    server = created;
    return this;
  }

  public synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("the receiver is not started");
    }
    return server.getAddress();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals(METRICS_PATH)) {
        serveMetrics(exchange);
        return;
      }
      Route route = routes.get(path);
      String endpoint = route == null ? ReceiverMetrics.OTHER_ENDPOINT : path;
      if (route == null) {
        drain(exchange.getRequestBody());
        refuse(exchange, endpoint, null, new BadChangeRequest(404, "not_found", "no endpoint at " + path + "; use one of " + routes.keySet().stream().sorted().toList()));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        drain(exchange.getRequestBody());
        exchange.getResponseHeaders().set("Allow", "POST");
        refuse(exchange, endpoint, null, new BadChangeRequest(405, "method_not_allowed", exchange.getRequestMethod() + " is not supported; POST a JSON body"));
        return;
      }
      byte[] body = null;
      List<ChangeEvent> events;
      try {
        body = readBody(exchange);
        events = accept(route, exchange, body);
      } catch (BadChangeRequest e) {
        refuse(exchange, endpoint, body, e);
        return;
      } catch (IOException e) {
        metrics.unavailable();
        answer(exchange, 503, error("sink_unavailable", "the change was not stored, retry later: " + e.getMessage()));
        return;
      }
      metrics.accepted(endpoint, events.size());
      answer(exchange, 202, accepted(events));
    }
  }

  private List<ChangeEvent> accept(Route route, HttpExchange exchange, byte[] body) throws BadChangeRequest, IOException {
    Function<String, String> header = name -> exchange.getRequestHeaders().getFirst(name);
    String refusal = route.check().refusal(body, header);
    if (refusal != null) {
      throw new BadChangeRequest(401, "unauthorized", refusal);
    }
    JsonNode parsed;
    try {
      parsed = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadChangeRequest(400, "malformed_json", "the body is not JSON: " + e.getOriginalMessage());
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new BadChangeRequest(400, "malformed_json", "the body is empty");
    }
    Instant receivedAt = Instant.ofEpochMilli(clock.millis());
    List<ChangeEvent> events = route.mapper().map(parsed, header, receivedAt);
    if (!events.isEmpty()) {
      sink.send(events);
    }
    return events;
  }

  private ObjectNode accepted(List<ChangeEvent> events) {
    ObjectNode result = json.createObjectNode();
    result.put("accepted", events.size());
    com.fasterxml.jackson.databind.node.ArrayNode ids = result.putArray("ids");
    events.forEach(e -> ids.add(e.getId()));
    return result;
  }

  /**
   * Counts the refusal and writes its dead letter (source {@code http:<path>}, reason = the error
   * code, the body when it was read) before answering, so both are there once the client has its
   * answer. A dead letter that cannot be written is counted, never fails the answer.
   */
  private void refuse(HttpExchange exchange, String endpoint, byte[] body, BadChangeRequest e) throws IOException {
    metrics.rejected(endpoint, e.code(), e.status());
    String path = exchange.getRequestURI().getPath();
    String source = "http:" + (path.length() <= MAX_SOURCE_PATH ? path : path.substring(0, MAX_SOURCE_PATH));
    String error = e.status() + " " + e.code() + ": " + e.getMessage()
        + " (" + exchange.getRequestMethod() + " " + path + " from " + exchange.getRemoteAddress().getAddress().getHostAddress() + ")";
    try {
      DeadLetter letter = DeadLetters.ofInput(source, body, Instant.ofEpochMilli(clock.millis()), e.code(), error, DEAD_LETTER_CONSUMER);
      sink.deadLetter(letter).whenComplete((written, failure) -> {
        if (failure != null) {
          metrics.deadLetterFailed();
        }
      });
    } catch (RuntimeException failure) {
      metrics.deadLetterFailed();
    }
    answer(exchange, e.status(), error(e.code(), e.getMessage()));
  }

  private void serveMetrics(HttpExchange exchange) throws IOException {
    drain(exchange.getRequestBody());
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      refuse(exchange, METRICS_PATH, null, new BadChangeRequest(405, "method_not_allowed", exchange.getRequestMethod() + " is not supported; GET the metrics"));
      return;
    }
    byte[] text = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    exchange.sendResponseHeaders(200, text.length);
    exchange.getResponseBody().write(text);
  }

  private byte[] readBody(HttpExchange exchange) throws BadChangeRequest, IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    InputStream in = exchange.getRequestBody();
    if (length != null && parseLength(length) > maxBodyBytes) {
      drain(in);
      throw tooLarge();
    }
    byte[] body = in.readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      drain(in);
      throw tooLarge();
    }
    return body;
  }

  private static long parseLength(String length) throws BadChangeRequest {
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw new BadChangeRequest(400, "bad_request", "Content-Length is not a number: " + length);
    }
  }

  private BadChangeRequest tooLarge() {
    return new BadChangeRequest(413, "body_too_large", "the body is larger than " + maxBodyBytes + " bytes");
  }

  private static void drain(InputStream in) throws IOException {
    long skipped = 0;
    byte[] buffer = new byte[8192];
    int n;
    while (skipped < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
      skipped += n;
    }
  }

  private ObjectNode error(String code, String message) {
    ObjectNode node = json.createObjectNode();
    node.put("error", code);
    node.put("message", message);
    return node;
  }

  private void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Validates everything in {@link #build()}. */
  public static final class Builder {
    private ChangeSink sink;
    private String host = "127.0.0.1";
    private int port = 8090;
    private String githubSecret;
    private String token;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Clock clock = Clock.systemUTC();
    private PodNames podNames = PodNames.defaults();

    private Builder() {}

    public Builder sink(ChangeSink sink) {
      this.sink = sink;
      return this;
    }

    public Builder bind(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** Secret for GitHub's X-Hub-Signature-256; null or blank accepts unsigned GitHub webhooks. */
    public Builder githubSecret(String secret) {
      this.githubSecret = blankToNull(secret);
      return this;
    }

    /** Shared token for X-Causeway-Token on the generic, Argo CD and Kubernetes endpoints; null or blank: none. */
    public Builder token(String token) {
      this.token = blankToNull(token);
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The time given to changes whose body carries none. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder podNames(PodNames podNames) {
      this.podNames = podNames;
      return this;
    }

    public ChangeReceiver build() {
      if (sink == null) {
        throw new IllegalArgumentException("a ChangeSink is required: KafkaChangeSink.create(bootstrap, topic)");
      }
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("a bind address is required, e.g. 127.0.0.1 (or 0.0.0.0 to listen on every interface)");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535 (0 picks a free one), got " + port);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
      }
      if (clock == null || podNames == null) {
        throw new IllegalArgumentException("clock and podNames must not be null");
      }
      return new ChangeReceiver(this);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value;
    }
  }
}
