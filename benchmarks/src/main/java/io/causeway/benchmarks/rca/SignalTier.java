package io.causeway.benchmarks.rca;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;

/**
 * Which signals a run replays, each tier adding one to the last, so the benchmark shows what each
 * buys. Change events are the last tier; a dataset without any (the public Nezha days) makes it
 * equal to the one before, and the benchmark says so instead of running it.
 */
enum SignalTier {
  METRICS("metrics only"),
  TRACES("+ traces"),
  LOGS("+ logs"),
  CHANGES("+ changes");

  private final String label;

  SignalTier(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean admits(Object record) {
    if (record instanceof MetricPoint) {
      return true;
    }
    if (record instanceof Span) {
      return compareTo(TRACES) >= 0;
    }
    if (record instanceof LogRecord) {
      return compareTo(LOGS) >= 0;
    }
    return record instanceof ChangeEvent && compareTo(CHANGES) >= 0;
  }

  /** Passes on what this tier admits and counts it. */
  TelemetrySink filter(TelemetrySink target) {
    return new TelemetrySink() {
      @Override
      public void span(Span span) {
        if (admits(span)) {
          target.span(span);
        }
      }

      @Override
      public void metric(MetricPoint point) {
        if (admits(point)) {
          target.metric(point);
        }
      }

      @Override
      public void log(LogRecord record) {
        if (admits(record)) {
          target.log(record);
        }
      }

      @Override
      public void change(ChangeEvent change) {
        if (admits(change)) {
          target.change(change);
        }
      }

      @Override
      public void flush() {
        target.flush();
      }

      @Override
      public void close() {}
    };
  }
}
