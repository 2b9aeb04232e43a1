package io.causeway.ingest.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * Counts the asynchronous sends of a sink that failed and keeps the first error, so that the
 * sink's next {@code flush} or {@code close} reports every loss instead of none.
 */
final class SendFailures {

  private final AtomicReference<Exception> first = new AtomicReference<>();
  private final AtomicLong count = new AtomicLong();

  /** The producer callback that notes a failed send. */
  Callback callback() {
    return (metadata, error) -> {
      if (error != null) {
        count.incrementAndGet();
        first.compareAndSet(null, error);
      }
    };
  }

  /** Throws if any send failed so far, naming how many and the first error. */
  void throwIfAny() {
    Exception failure = first.get();
    if (failure != null) {
      throw new IllegalStateException(
          count.get() + " telemetry record(s) could not be written to Kafka; first error: " + failure, failure);
    }
  }
}
