package io.causeway.jobs;

import io.causeway.avro.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes good records on and sends dead letters to a side output, counting each by reason in the
 * metric {@code causeway.deadLetters{reason=...}}. Tombstones are counted as {@code
 * causeway.tombstones} and go nowhere: on a compacted topic they are deletions, not errors.
 */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

  private static final long serialVersionUID = 1L;

  private final OutputTag<DeadLetter> deadLetters;
  private transient Map<String, Counter> countersByReason;
  private transient Counter tombstones;

  public SplitDeadLetters(OutputTag<DeadLetter> deadLetters) {
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(OpenContext context) {
    countersByReason = new HashMap<>();
    tombstones = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("tombstones");
  }

  @Override
  public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
      return;
    }
    DeadLetter letter = value.left();
    if (DecodingSchema.TOMBSTONE_REASON.equals(letter.getReason())) {
      tombstones.inc();
      return;
    }
    counterFor(letter.getReason()).inc();
    ctx.output(deadLetters, letter);
  }

  private Counter counterFor(String reason) {
    return countersByReason.computeIfAbsent(
        reason,
        r -> getRuntimeContext().getMetricGroup().addGroup("causeway").addGroup("reason", r).counter("deadLetters"));
  }
}
