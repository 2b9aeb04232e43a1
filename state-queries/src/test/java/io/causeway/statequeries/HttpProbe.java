package io.causeway.statequeries;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests to a running service, for integration tests. */
public final class HttpProbe {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  public HttpProbe(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits (at most {@code timeout}) until {@code path} answers 200; fails with the last answer otherwise. */
  public void awaitOk(String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (last.statusCode() == 200) {
        return;
      }
      if (last.body().contains("\"live\":false")) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " did not answer 200 (while live) within " + timeout + "; last: " + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }
}
