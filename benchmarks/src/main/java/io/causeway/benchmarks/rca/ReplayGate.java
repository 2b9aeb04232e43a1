package io.causeway.benchmarks.rca;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Paces a replay at the recurrences: telemetry from the start of a recurring fault's window on
 * ({@link RcaScoring#coveredFrom}) is held back until the responder has answered every earlier
 * occurrence of that fault and its verdict is stored on {@code incident.feedback}.
 *
 * <p>Why: the replay is read a hundred times faster than real time, and the correlation job joins
 * feedback (its context input) and anomalies as they arrive, not in event-time order. The verdict
 * is stamped in event time, but it can only be written after its incident was read, which is
 * after the job emitted it; unpaced, the job has by then run hours of event time further and
 * ranked the next occurrence without it. Holding the telemetry back makes the verdict be on the
 * topic before the anomalies of the next occurrence exist at all; the job reads it at once (the
 * feedback source is idle, so it holds no watermark back, and a record ahead of event time is
 * used as it comes), while the next occurrence's anomalies first pass the detection job and the
 * incident's settle time. Nothing is held back in event time: the job sees the same records.
 */
final class ReplayGate implements TelemetrySink {

  /** How long to wait for an earlier occurrence's incident; one that never comes (a missed fault) costs this. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final TelemetrySink target;
  private final LiveResponder responder;
  private final List<Integer> recurrences;
  private int next;
  private int timedOut;

  ReplayGate(TelemetrySink target, LiveResponder responder) {
    this.target = target;
    this.responder = responder;
    List<Boolean> recurs = MemoryBench.recurrences(responder.faults());
    this.recurrences = java.util.stream.IntStream.range(0, recurs.size()).filter(recurs::get).boxed().toList();
  }

  /** Gates that opened on patience running out rather than on the answers. */
  int timedOut() {
    return timedOut;
  }

  private void before(Instant at) {
    while (next < recurrences.size() && !at.isBefore(RcaScoring.coveredFrom(responder.faults().get(recurrences.get(next))))) {
      target.flush();
      try {
        if (!responder.awaitEarlierOccurrences(recurrences.get(next), PATIENCE)) {
          timedOut++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing the replay", e);
      }
      next++;
    }
  }

  @Override
  public void span(Span span) {
    before(span.getStartTime());
    target.span(span);
  }

  @Override
  public void metric(MetricPoint point) {
    before(point.getTimestamp());
    target.metric(point);
  }

  @Override
  public void log(LogRecord record) {
    before(record.getTimestamp());
    target.log(record);
  }

  @Override
  public void change(ChangeEvent change) {
    before(change.getTimestamp());
    target.change(change);
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {}
}
