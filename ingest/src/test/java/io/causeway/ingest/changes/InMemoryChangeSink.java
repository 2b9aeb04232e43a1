package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DeadLetter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps what it is sent; {@link #failWith} makes the next sends fail as a broker outage would,
 * dead letters included.
 */
final class InMemoryChangeSink implements ChangeSink {

  private final List<ChangeEvent> events = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private IOException failure;

  @Override
  public synchronized void send(List<ChangeEvent> batch) throws IOException {
    if (failure != null) {
      throw failure;
    }
    events.addAll(batch);
  }

  @Override
  public synchronized CompletableFuture<Void> deadLetter(DeadLetter letter) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    deadLetters.add(letter);
    return CompletableFuture.completedFuture(null);
  }

  synchronized void failWith(IOException failure) {
    this.failure = failure;
  }

  synchronized List<ChangeEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<DeadLetter> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
