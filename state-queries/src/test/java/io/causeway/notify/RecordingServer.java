package io.causeway.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for Slack, PagerDuty or a webhook receiver: a JDK HTTP server on loopback at a free
 * port that records every request and answers with the scripted statuses, then {@code 200}/{@code 202}.
 */
final class RecordingServer implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> script = new ArrayDeque<>();
  private volatile int otherwise;

  RecordingServer(int otherwise) throws IOException {
    this.otherwise = otherwise;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The next answers, in order (e.g. 500, 500), before the usual one. */
  synchronized RecordingServer thenAnswer(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  void alwaysAnswer(int status) {
    otherwise = status;
  }

  URI uri(String path) {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    int status;
    synchronized (this) {
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
      status = script.isEmpty() ? otherwise : script.poll();
    }
    byte[] answer = (status / 100 == 2 ? "ok" : "{\"status\":\"error\"}").getBytes(StandardCharsets.UTF_8);
    if (status == 429) {
      exchange.getResponseHeaders().add("Retry-After", "3");
    }
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
