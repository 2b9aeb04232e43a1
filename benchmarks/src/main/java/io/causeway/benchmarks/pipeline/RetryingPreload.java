package io.causeway.benchmarks.pipeline;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a benchmark's preload in chunks, each flushed before the next is taken. A chunk whose
 * writes fail (a producer whose batches for one partition expired, as seen once on a fresh
 * embedded broker) is written again, whole, through a new sink, so a passing stall costs a retry
 * instead of the run. A retried chunk can put some records in twice; the benches wait for at least
 * as many records as were generated, so a duplicate only ends a reader's count a little earlier.
 */
final class RetryingPreload implements TelemetrySink {

  static final int ATTEMPTS = 3;

  private final Supplier<? extends TelemetrySink> sinks;
  private final int chunkSize;
  private final PrintStream log;
  private final List<Consumer<TelemetrySink>> chunk = new ArrayList<>();
  private TelemetrySink sink;

  /** {@code sinks} makes a new sink for each attempt after a failed one; {@code log} hears of retries. */
  RetryingPreload(Supplier<? extends TelemetrySink> sinks, int chunkSize, PrintStream log) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, was " + chunkSize);
    }
    this.sinks = sinks;
    this.chunkSize = chunkSize;
    this.log = log;
  }

  @Override
  public void span(Span span) {
    add(sink -> sink.span(span));
  }

  @Override
  public void metric(MetricPoint point) {
    add(sink -> sink.metric(point));
  }

  @Override
  public void log(LogRecord record) {
    add(sink -> sink.log(record));
  }

  @Override
  public void change(ChangeEvent change) {
    add(sink -> sink.change(change));
  }

  private void add(Consumer<TelemetrySink> write) {
    chunk.add(write);
    if (chunk.size() >= chunkSize) {
      flush();
    }
  }

  /** Writes the chunk taken so far until one attempt's flush succeeds; throws after {@link #ATTEMPTS}. */
  @Override
  public void flush() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        TelemetrySink target = current();
        chunk.forEach(write -> write.accept(target));
        target.flush();
        chunk.clear();
        return;
      } catch (RuntimeException e) {
        last = e;
        log.printf("preload: a chunk of %,d records failed (attempt %d of %d): %s%n", chunk.size(), attempt, ATTEMPTS, e.getMessage());
        discardCurrent();
      }
    }
    throw new IllegalStateException("the preload failed " + ATTEMPTS + " times on one chunk of " + chunk.size() + " records", last);
  }

  private TelemetrySink current() {
    if (sink == null) {
      sink = sinks.get();
    }
    return sink;
  }

  /** Closes a failed sink; what it throws about the records already reported is not news. */
  private void discardCurrent() {
    if (sink == null) {
      return;
    }
    try {
      sink.close();
    } catch (RuntimeException alreadyReported) {
      // the failed flush named these records
    }
    sink = null;
  }

  /** Writes what is left, then closes the sink. */
  @Override
  public void close() {
    flush();
    if (sink != null) {
      sink.close();
      sink = null;
    }
  }
}
