package io.causeway.ingest.sim;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every record in memory, in arrival order, for tests and small replays. Unbounded: use it
 * for runs of minutes of simulated time, not for live demos.
 */
public final class InMemoryTelemetrySink implements TelemetrySink {

  private final List<Span> spans = new ArrayList<>();
  private final List<MetricPoint> metrics = new ArrayList<>();
  private final List<LogRecord> logs = new ArrayList<>();
  private final List<ChangeEvent> changes = new ArrayList<>();
  private int flushes;
  private boolean closed;

  @Override
  public synchronized void span(Span span) {
    spans.add(span);
  }

  @Override
  public synchronized void metric(MetricPoint point) {
    metrics.add(point);
  }

  @Override
  public synchronized void log(LogRecord record) {
    logs.add(record);
  }

  @Override
  public synchronized void change(ChangeEvent change) {
    changes.add(change);
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized List<Span> spans() {
    return List.copyOf(spans);
  }

  public synchronized List<MetricPoint> metrics() {
    return List.copyOf(metrics);
  }

  public synchronized List<LogRecord> logs() {
    return List.copyOf(logs);
  }

  public synchronized List<ChangeEvent> changes() {
    return List.copyOf(changes);
  }

  public synchronized int flushes() {
    return flushes;
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}
