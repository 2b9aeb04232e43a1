package io.causeway.benchmarks.throughput;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.schemas.Topic;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Passes the signals a benchmark is about to {@code target} and counts them by topic; the others
 * are dropped. A benchmark knows from the counts how many records each reader must get through.
 */
public final class CountingSink implements TelemetrySink {

  private final TelemetrySink target;
  private final Set<Topic> kept;
  private final Map<Topic, Long> counts = new EnumMap<>(Topic.class);

  /** {@code kept}: some of {@link Topic#SPANS}, {@link Topic#METRICS}, {@link Topic#LOGS}, {@link Topic#CHANGES}. */
  public CountingSink(TelemetrySink target, Set<Topic> kept) {
    this.target = target;
    this.kept = EnumSet.copyOf(kept);
  }

  /** Records passed on so far, by topic (only those with any). */
  public Map<Topic, Long> counts() {
    return Map.copyOf(counts);
  }

  /** Records passed on so far, over all topics. */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void span(Span span) {
    if (keep(Topic.SPANS)) {
      target.span(span);
    }
  }

  @Override
  public void metric(MetricPoint point) {
    if (keep(Topic.METRICS)) {
      target.metric(point);
    }
  }

  @Override
  public void log(LogRecord record) {
    if (keep(Topic.LOGS)) {
      target.log(record);
    }
  }

  @Override
  public void change(ChangeEvent change) {
    if (keep(Topic.CHANGES)) {
      target.change(change);
    }
  }

  private boolean keep(Topic topic) {
    if (!kept.contains(topic)) {
      return false;
    }
    counts.merge(topic, 1L, Long::sum);
    return true;
  }

  @Override
  public void flush() {
    target.flush();
  }

  /** The target is the caller's to close. */
  @Override
  public void close() {}
}
