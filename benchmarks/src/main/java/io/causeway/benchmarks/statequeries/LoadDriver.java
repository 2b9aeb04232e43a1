package io.causeway.benchmarks.statequeries;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop HTTP load from its own JVM: {@code concurrency} platform threads share one
 * {@link HttpClient} (HTTP/1.1, kept-alive connections) and each sends its next GET as soon as
 * the previous answer is read. All targets are warmed up before the first is measured, so the
 * first (the baseline) is not measured colder than the rest. Run as {@code java -cp ... LoadDriver PLAN.json}; prints progress on
 * stderr and one JSON line (the list of {@link EndpointFigures}) on stdout. It exits when its
 * stdin closes, so it never outlives the bench that started it.
 */
public final class LoadDriver implements AutoCloseable {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final int concurrency;
  private final HttpClient client;
  private final ExecutorService workers;

  LoadDriver(URI loopbackBase, int concurrency) {
    this.base = loopbackBase;
    this.concurrency = concurrency;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    this.workers = Executors.newFixedThreadPool(concurrency, r -> {
      Thread thread = new Thread(r, "load-driver");
      thread.setDaemon(true);
      return thread;
    });
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: LoadDriver PLAN.json");
      System.exit(2);
    }
    exitWhenStdinCloses(System.in);
    ObjectMapper json = new ObjectMapper();
    LoadPlan plan = json.readValue(Path.of(args[0]).toFile(), LoadPlan.class);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(json.writeValueAsString(run(plan, System.err)));
    System.exit(0);
  }

  /**
   * Warms up every target (both JVMs' JIT, the connections), then measures every target in order;
   * the figures in the same order.
   */
  static List<EndpointFigures> run(LoadPlan plan, PrintStream progress) throws InterruptedException {
    List<EndpointFigures> figures = new ArrayList<>();
    try (LoadDriver driver = new LoadDriver(plan.loopbackBase(), plan.concurrency())) {
      Duration limit = Duration.ofSeconds(plan.seconds());
      for (LoadPlan.Target target : plan.targets()) {
        driver.measure(target, plan.warmup(), limit);
      }
      for (LoadPlan.Target target : plan.targets()) {
        EndpointFigures measured = driver.measure(target, plan.requests(), limit);
        progress.printf("load driver: %-22s %6d requests, %4d errors, p50 %.2f ms%n",
            target.endpoint(), measured.requests(), measured.errors(), measured.p50Ms());
        figures.add(measured);
      }
    }
    return figures;
  }

  /** Up to {@code requests} requests to {@code target}, stopping to start new ones after {@code limit}. */
  EndpointFigures measure(LoadPlan.Target target, int requests, Duration limit) throws InterruptedException {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long started = System.nanoTime();
    long deadline = started + limit.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      running.add(workers.submit(() -> {
        int i;
        while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < requests) {
          String path = target.paths().get(i % target.paths().size());
          HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
          long sent = System.nanoTime();
          String error = send(request, bytes);
          latencies[i] = System.nanoTime() - sent;
          if (error != null) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, error);
          }
        }
      }));
    }
    for (Future<?> worker : running) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a load driver thread failed", e.getCause());
      }
    }
    long wall = System.nanoTime() - started;
    int completed = Math.min(next.get(), requests);
    return EndpointFigures.of(target.endpoint(), Arrays.copyOf(latencies, completed), wall, errors.get(), bytes.get(), firstError.get());
  }

  /** Sends one request and reads the whole answer; null when it is a 200, else what went wrong. */
  private String send(HttpRequest request, AtomicLong bytes) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      bytes.addAndGet(response.body().length);
      if (response.statusCode() != 200) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return "HTTP " + response.statusCode() + " on " + request.uri().getRawPath() + ": " + body.substring(0, Math.min(200, body.length()));
      }
      return null;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + " on " + request.uri().getRawPath() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted on " + request.uri().getRawPath();
    }
  }

  @Override
  public void close() throws InterruptedException {
    workers.shutdownNow();
    if (!workers.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS)) {
      System.err.println("load driver: worker threads still running after shutdown");
    }
  }

  /** The bench holds our stdin open while it waits for us; when it goes away, so do we. */
  private static void exitWhenStdinCloses(InputStream stdin) {
    Thread watcher = new Thread(() -> {
      try {
        while (stdin.read() >= 0) {
          // nothing is sent on stdin; we only wait for its end
        }
      } catch (IOException e) {
        System.err.println("load driver: stdin failed (" + e.getMessage() + "), stopping");
      }
      System.err.println("load driver: the bench went away, stopping");
      System.exit(3);
    }, "load-driver-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
