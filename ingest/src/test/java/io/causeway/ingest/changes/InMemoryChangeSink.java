package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it is sent; {@link #failWith} makes the next sends fail as a broker outage would. */
final class InMemoryChangeSink implements ChangeSink {

  private final List<ChangeEvent> events = new ArrayList<>();
  private IOException failure;

  @Override
  public synchronized void send(List<ChangeEvent> batch) throws IOException {
    if (failure != null) {
      throw failure;
    }
    events.addAll(batch);
  }

  synchronized void failWith(IOException failure) {
    this.failure = failure;
  }

  synchronized List<ChangeEvent> events() {
    return List.copyOf(events);
  }
}
