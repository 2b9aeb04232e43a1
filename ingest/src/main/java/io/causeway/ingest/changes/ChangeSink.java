package io.causeway.ingest.changes;

import io.causeway.avro.ChangeEvent;
import java.io.IOException;
import java.util.List;

/** Where accepted change events go; {@link #send} returns once they are durably written. */
public interface ChangeSink extends AutoCloseable {

  void send(List<ChangeEvent> events) throws IOException;

  @Override
  default void close() {}
}
