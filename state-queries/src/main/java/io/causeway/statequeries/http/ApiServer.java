package io.causeway.statequeries.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
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
 * The HTTP server (the JDK's own): routes GET requests, checks the bearer token on guarded
 * routes, writes JSON (or Prometheus text), and times every request in {@code
 * causeway.http.requests{endpoint, status}}.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Route> routes;
  private final byte[] expectedAuthorization;
  private final MeterRegistry meters;
  private final ObjectMapper json;

  private ApiServer(HttpServer server, ExecutorService executor, List<Route> routes, String token, MeterRegistry meters) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.meters = meters;
    this.json = new ObjectMapper().registerModule(new SimpleModule("avro").addSerializer(SpecificRecord.class, new AvroJsonSerializer()));
  }

  /** Binds and starts serving; {@code token} null means no authentication. */
  public static ApiServer start(InetSocketAddress address, String token, int threads, ApiRoutes api, OpsRoutes ops, MeterRegistry meters)
      throws IOException {
    List<Route> routes = new ArrayList<>(api.routes());
    routes.addAll(ops.routes());
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "state-queries-http-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    disableNagle();
    HttpServer server = HttpServer.create(address, 128);
    ApiServer api1 = new ApiServer(server, executor, List.copyOf(routes), token, meters);
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
    String template = "unmatched";
    Reply reply;
    try {
      String path = exchange.getRequestURI().getPath();
      Route route = null;
      List<String> groups = null;
      for (Route candidate : routes) {
        groups = candidate.match(path);
        if (groups != null) {
          route = candidate;
          break;
        }
      }
      if (route == null) {
        throw ApiException.notFound("no endpoint " + path + "; see /api/graph, /api/services, /api/incidents, /api/anomalies, /api/memory, /metrics, /health");
      }
      template = route.template();
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        throw ApiException.methodNotAllowed(exchange.getRequestMethod());
      }
      if (route.guarded() && !authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        throw ApiException.unauthorized();
      }
      reply = route.endpoint().handle(groups, Params.parse(exchange.getRequestURI().getRawQuery(), route.params()));
    } catch (ApiException e) {
      reply = new Reply(e.status(), error(e.error(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      reply = new Reply(400, error("bad_request", e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("request {} failed", exchange.getRequestURI(), e);
      reply = new Reply(500, error("internal", "the request failed: " + e.getClass().getSimpleName()));
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
