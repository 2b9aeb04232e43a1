package io.causeway.ingest.sim;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;

/** Where the simulator writes what it generates: Kafka topics, memory, a file. */
public interface TelemetrySink extends AutoCloseable {

  void span(Span span);

  void metric(MetricPoint point);

  void log(LogRecord record);

  void change(ChangeEvent change);

  /** Pushes out anything buffered; called by the simulator after every paced tick. */
  void flush();

  @Override
  void close();
}
