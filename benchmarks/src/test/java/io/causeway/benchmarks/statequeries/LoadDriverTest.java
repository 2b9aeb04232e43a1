package io.causeway.benchmarks.statequeries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver against a tiny JDK server on loopback: counts what it sent, what failed, and why. */
class LoadDriverTest {

  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", exchange -> {
      served.incrementAndGet();
      byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/broken", exchange -> {
      served.incrementAndGet();
      byte[] body = "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(exchange.getRequestURI().getQuery().equals("n=2") ? 500 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void sendsTheWarmUpAndThenExactlyTheRequestedNumberPerEndpointWithoutErrors() throws Exception {
    LoadPlan plan = new LoadPlan(base(), 3, 40, 30, 5, List.of(new LoadPlan.Target("/ok", List.of("/ok"))));

    List<EndpointFigures> figures = LoadDriver.run(plan, quiet());

    assertThat(figures).singleElement().satisfies(f -> {
      assertThat(f.endpoint()).isEqualTo("/ok");
      assertThat(f.requests()).isEqualTo(40);
      assertThat(f.errors()).isZero();
      assertThat(f.meanBytes()).isEqualTo(15);
      assertThat(f.p50Ms()).isPositive().isLessThanOrEqualTo(f.p99Ms());
      assertThat(f.firstError()).isNull();
    });
    assertThat(served).hasValue(45);
  }

  @Test
  void countsEveryAnswerButTwoHundredAsAnErrorAndKeepsTheFirst() throws Exception {
    List<String> paths = List.of("/broken?n=1", "/broken?n=2", "/broken?n=3", "/broken?n=4");
    LoadPlan plan = new LoadPlan(base(), 2, 40, 30, 0, List.of(new LoadPlan.Target("/broken", paths)));

    EndpointFigures figures = LoadDriver.run(plan, quiet()).get(0);

    assertThat(figures.requests()).isEqualTo(40);
    assertThat(figures.errors()).isEqualTo(10);
    assertThat(figures.firstError()).isEqualTo("HTTP 500 on /broken: {\"error\":\"boom\"}");
  }

  @Test
  void anUnansweredRequestIsAnErrorNotAFailureOfTheRun() throws Exception {
    String gone = base();
    server.stop(0);
    LoadPlan plan = new LoadPlan(gone, 1, 3, 30, 0, List.of(new LoadPlan.Target("/ok", List.of("/ok"))));

    EndpointFigures figures = LoadDriver.run(plan, quiet()).get(0);

    assertThat(figures.errors()).isEqualTo(3);
    assertThat(figures.firstError()).startsWith("ConnectException on /ok");
  }

  @Test
  void refusesToLoadAnythingButLoopback() {
    LoadPlan plan = new LoadPlan("http://192.0.2.10:8080", 1, 1, 1, 0, List.of(new LoadPlan.Target("/ok", List.of("/ok"))));

    assertThatThrownBy(() -> LoadDriver.run(plan, quiet()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only targets http on loopback");
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
