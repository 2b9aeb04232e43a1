package io.causeway.notify.config;

import java.time.Duration;

/**
 * How often a sink is tried for one notification: {@code attempts} in all, waiting {@code
 * initialBackoff} after the first failure and twice as long after each next one, at most {@code
 * maxBackoff}. Bounded, so one dead sink holds the notifier up for a known time.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10));

  public RetryPolicy {
    if (attempts < 1 || attempts > 20) {
      throw new IllegalArgumentException("retry.attempts must be from 1 to 20, was " + attempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("retry: max-backoff must not be below initial-backoff");
    }
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
