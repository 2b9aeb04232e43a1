package io.causeway.statequeries.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server (the JDK's own): routes GET and POST requests, checks the bearer token on
 * guarded routes, writes JSON (or Prometheus text), and times every request in {@code
 * causeway.http.requests{endpoint, status}}. A refused write (a POST answered 4xx) also goes to
 * the {@link RefusedRequests} sink, so bad input leaves a dead letter, and is counted in {@code
 * causeway.http.refused{endpoint, reason}}.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** A write's body beyond this is refused with 413: feedback, acks and silences are small. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Route> routes;
  private final byte[] expectedAuthorization;
  private final MeterRegistry meters;
  private final ObjectMapper json;
  private final RefusedRequests refused;

  private ApiServer(
      HttpServer server, ExecutorService executor, List<Route> routes, String token, MeterRegistry meters, RefusedRequests refused) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.meters = meters;
    this.json = new ObjectMapper().registerModule(new SimpleModule("avro").addSerializer(SpecificRecord.class, new AvroJsonSerializer()));
    this.refused = refused;
  }

  /** Binds and starts serving the read API and the operations probes; {@code token} null means no authentication. */
  public static ApiServer start(InetSocketAddress address, String token, int threads, ApiRoutes api, OpsRoutes ops, MeterRegistry meters)
      throws IOException {
    return start(address, token, threads, meters, RefusedRequests.NONE, api, ops);
  }

  /**
   * Binds and starts serving every group's routes, the first match winning; {@code token} null
   * means no authentication; refused writes go to {@code refused}.
   */
  public static ApiServer start(
      InetSocketAddress address, String token, int threads, MeterRegistry meters, RefusedRequests refused, RouteGroup... groups)
      throws IOException {
    List<Route> routes = new ArrayList<>();
    for (RouteGroup group : groups) {
      routes.addAll(group.routes());
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "state-queries-http-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    disableNagle();
    HttpServer server = HttpServer.create(address, 128);
    ApiServer api1 = new ApiServer(server, executor, List.copyOf(routes), token, meters, refused);
    server.createContext("/", api1::handle);
    server.setExecutor(executor);
    server.start();
    return api1;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String template = "unmatched";
    Route route = null;
    RequestBody body = RequestBody.empty();
    Reply reply;
    try {
      String path = exchange.getRequestURI().getPath();
      List<String> groups = null;
      List<String> allowed = new ArrayList<>();
      for (Route candidate : routes) {
        List<String> matched = candidate.match(path);
        if (matched == null) {
          continue;
        }
        allowed.add(candidate.method());
        if (candidate.answers(method)) {
          route = candidate;
          groups = matched;
          break;
        }
      }
      if (route == null && allowed.isEmpty()) {
        throw ApiException.notFound("no endpoint " + path + "; see /api/graph, /api/services, /api/incidents, /api/anomalies, /api/memory, /metrics, /health");
      }
      if (route == null) {
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw ApiException.methodNotAllowed(method, allowed);
      }
      template = route.template();
      if (route.takesBody()) {
        body = readBody(exchange);
      }
      if (route.guarded() && !authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        throw ApiException.unauthorized();
      }
      reply = route.endpoint().handle(groups, Params.parse(exchange.getRequestURI().getRawQuery(), route.params()), body);
    } catch (ApiException e) {
      reply = new Reply(e.status(), error(e.error(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      reply = new Reply(400, error("bad_request", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("request {} failed", exchange.getRequestURI(), e);
      reply = new Reply(500, error("internal", "the request failed: " + e.getClass().getSimpleName()));
    }
    if (route != null && route.takesBody() && reply.status() >= 400 && reply.status() < 500) {
      recordRefusal(route, body, reply);
    }
    try {
      write(exchange, reply);
    } finally {
      exchange.close();
      Timer.builder("causeway.http.requests")
          .description("HTTP requests by endpoint and status")
          .tags("endpoint", template, "status", Integer.toString(reply.status()))
          .publishPercentileHistogram()
          .register(meters)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** Reads at most {@link #MAX_BODY_BYTES}; a longer body is refused whole (413), not cut. */
  private static RequestBody readBody(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (bytes.length > MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge("the body is over " + MAX_BODY_BYTES + " bytes");
    }
    return new RequestBody(bytes, contentType);
  }

  private void recordRefusal(Route route, RequestBody body, Reply reply) {
    String reason = reply.body() instanceof Map<?, ?> map && map.get("error") != null ? map.get("error").toString() : "refused";
    String message = reply.body() instanceof Map<?, ?> map && map.get("message") != null ? map.get("message").toString() : reason;
    meters.counter("causeway.http.refused", "endpoint", route.template(), "reason", reason).increment();
    try {
      refused.refused("http:" + route.template(), body.bytes(), reason, message);
    } catch (RuntimeException e) {
      LOG.warn("the refused request to {} ({}) could not be dead-lettered: {}", route.template(), reason, e.toString());
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
  }

  private void write(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body;
    if (reply.body() instanceof String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    } else {
      body = json.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, Object> error(String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    return body;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The JDK server writes headers and body separately; with Nagle's algorithm on, every small
   * answer then waits ~40 ms for the client's delayed ACK (measured by bench state-queries). The
   * server reads this property once per JVM, so set it before the first server starts.
   */
  private static void disableNagle() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
}
