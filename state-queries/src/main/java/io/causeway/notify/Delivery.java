package io.causeway.notify;

import io.causeway.notify.config.RetryPolicy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one request with bounded retries: a connection failure, a timeout, 408, 429 or a 5xx is
 * tried again after the policy's backoff (longer when the answer's {@code Retry-After} asks for
 * it, never beyond the policy's max); a 2xx is delivered; any other status is refused for good (a
 * wrong routing key does not get better by asking again).
 */
public final class Delivery {

  /** Waits between attempts; tests pass one that records the waits instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** How a send ended: delivered or not, after how many attempts, the last error. */
  public record Outcome(boolean delivered, int attempts, String error) {}

  private final HttpClient http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  public Delivery(HttpClient http, RetryPolicy retry, Sleeper sleeper) {
    this.http = http;
    this.retry = retry;
    this.sleeper = sleeper;
  }

  public static Delivery withJdkClient(RetryPolicy retry, Duration connectTimeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    return new Delivery(http, retry, duration -> Thread.sleep(duration.toMillis()));
  }

  public Outcome send(HttpRequest request) throws InterruptedException {
    String error = null;
    Duration asked = Duration.ZERO;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (attempt > 1) {
        sleeper.sleep(wait(retry.backoffAfter(attempt - 1), asked));
      }
      asked = Duration.ZERO;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Outcome(true, attempt, null);
        }
        error = "HTTP " + status + " from " + request.uri() + ": " + abbreviate(response.body());
        if (!retriable(status)) {
          return new Outcome(false, attempt, error);
        }
        asked = retryAfter(response);
      } catch (IOException e) {
        error = e.getClass().getSimpleName() + " from " + request.uri() + ": " + e.getMessage();
      }
    }
    return new Outcome(false, retry.attempts(), error);
  }

  /** The backoff, or the service's Retry-After when longer, at most the policy's max. */
  private Duration wait(Duration backoff, Duration asked) {
    Duration longer = asked.compareTo(backoff) > 0 ? asked : backoff;
    return longer.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : longer;
  }

  /** A {@code Retry-After} in seconds (Slack and PagerDuty send seconds on 429); zero when absent or a date. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After")
        .filter(value -> value.strip().matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
        .orElse(Duration.ZERO);
  }

  static boolean retriable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
