package io.causeway.benchmarks.rca;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.jobs.CausewayOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * topic before the anomalies of the next occurrence exist at all; the job reads it at once (it
 * reads feedback beside event time, {@code KafkaIO.readBesideEventTime}, so a verdict holds no
 * watermark back, and one ahead of event time is used as it comes), while the next occurrence's anomalies first pass the detection job and the
 * incident's settle time. Nothing is held back in event time: the job sees the same records.
 */
final class ReplayGate implements TelemetrySink {

  /** How long to wait for an earlier occurrence's incident; one that never comes (a missed fault) costs this. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  /**
   * How much longer than the longest pause ({@link #PATIENCE}) the jobs' idleness must be: the time
   * the jobs take to read what came before the pause, once it began, plus room for a loaded machine.
   */
  static final Duration IDLENESS_BEYOND_PATIENCE = Duration.ofSeconds(30);

  /**
   * The job options of a paced replay: the jobs' idleness longer than any pause, unless set.
   *
   * <p>Why: a pause can last up to {@link #PATIENCE}, longer than the replay's usual idleness (60 s),
   * and one longer than the idleness marks every telemetry partition idle. When the replay goes on,
   * the first input to get records again moves event time on alone, and what the others send in
   * the meantime arrives behind it: late, dropped from its windows. On the TrainTicket dev day,
   * log lines lost after pauses showed as log-path shifts on many services at once (false
   * incidents), a recurrence got no incident at all, and paced runs lost AC@1 on recurrences
   * against the unpaced baseline (0.53 against 0.80; 0.80 against 0.80 with this). With the
   * idleness beyond every pause, no partition goes idle during one.
   */
  static Map<String, String> withIdlenessBeyondPauses(Map<String, String> options) {
    Map<String, String> paced = new LinkedHashMap<>(options);
    paced.putIfAbsent(CausewayOptions.IDLENESS.key(), PATIENCE.plus(IDLENESS_BEYOND_PATIENCE).toSeconds() + " s");
    return paced;
  }

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
