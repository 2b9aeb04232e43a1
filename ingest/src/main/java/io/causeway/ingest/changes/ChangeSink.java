package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the receiver's output goes: accepted change events, and a dead letter for every request it
 * refuses.
 */
public interface ChangeSink extends AutoCloseable {

  /** Writes {@code events}; returns once they are durably written. */
  void send(List<ChangeEvent> events) throws IOException;

  /**
   * Writes the dead letter of a refused request without waiting for it to be durable; the future
   * completes exceptionally if it could not be written.
   */
  CompletableFuture<Void> deadLetter(DeadLetter letter);

  @Override
  default void close() {}
}
