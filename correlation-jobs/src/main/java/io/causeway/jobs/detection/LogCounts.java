package io.causeway.jobs.detection;

import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a service's log lines and error lines in a window, keeping one error line as a sample. */
public final class LogCounts implements AggregateFunction<LogRecord, LogCounts.Counts, LogCounts.Counts> {

  private static final long serialVersionUID = 1L;

  /** Window accumulator. */
  public static final class Counts {
    private long lines;
    private long errors;
    private String sample;

    public Counts() {}

    public long lines() {
      return lines;
    }

    public long errors() {
      return errors;
    }

    public String sample() {
      return sample;
    }
  }

  @Override
  public Counts createAccumulator() {
    return new Counts();
  }

  @Override
  public Counts add(LogRecord record, Counts acc) {
    acc.lines++;
    if (record.getSeverity() == Severity.ERROR || record.getSeverity() == Severity.FATAL) {
      acc.errors++;
      if (acc.sample == null) {
        acc.sample = record.getBody();
      }
    }
    return acc;
  }

  @Override
  public Counts getResult(Counts acc) {
    return acc;
  }

  @Override
  public Counts merge(Counts a, Counts b) {
    a.lines += b.lines;
    a.errors += b.errors;
    a.sample = a.sample != null ? a.sample : b.sample;
    return a;
  }
}
