package io.causeway.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) in a child process:
 * listening on loopback at a free port, clustering off, its own storage and config in a temp folder.
 */
final class AlertmanagerProcess implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("causeway.alertmanager", "/usr/bin/prometheus-alertmanager"));

  private final Process process;
  private final URI uri;

  private AlertmanagerProcess(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts it with {@code configYaml} and waits until {@code /-/ready} answers. */
  static AlertmanagerProcess start(Path dir, String configYaml) throws Exception {
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), configYaml);
    int port = freePort();
    Process process = new ProcessBuilder(List.of(
        BINARY.toString(),
        "--config.file=" + config,
        "--storage.path=" + Files.createDirectories(dir.resolve("data")),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=",
        "--log.level=warn"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile())
        .start();
    AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, URI.create("http://127.0.0.1:" + port));
    try {
      alertmanager.awaitReady(dir.resolve("alertmanager.log"));
    } catch (Exception | Error e) {
      alertmanager.close();
      throw e;
    }
    return alertmanager;
  }

  URI uri() {
    return uri;
  }

  private void awaitReady(Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("alertmanager exited " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("alertmanager was not ready within 30 s: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
