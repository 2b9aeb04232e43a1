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
  Filter filter(TelemetrySink target) {
    return new Filter(this, target);
  }

  /** A sink that passes on what its tier admits. */
  static final class Filter implements TelemetrySink {
    private final SignalTier tier;
    private final TelemetrySink target;
    private long admitted;

    private Filter(SignalTier tier, TelemetrySink target) {
      this.tier = tier;
      this.target = target;
    }

    long admitted() {
      return admitted;
    }

    private boolean admit(Object record) {
      boolean admits = tier.admits(record);
      admitted += admits ? 1 : 0;
      return admits;
    }

    @Override
    public void span(Span span) {
      if (admit(span)) {
        target.span(span);
      }
    }

    @Override
    public void metric(MetricPoint point) {
      if (admit(point)) {
        target.metric(point);
      }
    }

    @Override
    public void log(LogRecord record) {
      if (admit(record)) {
        target.log(record);
      }
    }

    @Override
    public void change(ChangeEvent change) {
      if (admit(change)) {
        target.change(change);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {}
  }
}
