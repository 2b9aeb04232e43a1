package io.causeway.jobs.otlp;

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
 * Passes decoded records on and sends dead letters to a side output, counting each by reason in
 * {@code causeway.deadLetters{reason=...}}, the metric {@code io.causeway.jobs.SplitDeadLetters}
 * reports for the Avro topics. (That class is package-private; the two can merge when it opens.)
 */
final class SplitOtlpDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

  private static final long serialVersionUID = 1L;

  private final OutputTag<DeadLetter> deadLetters;
  private transient Map<String, Counter> countersByReason;

  SplitOtlpDeadLetters(OutputTag<DeadLetter> deadLetters) {
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(OpenContext context) {
    countersByReason = new HashMap<>();
  }

  @Override
  public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
      return;
    }
    DeadLetter letter = value.left();
    countersByReason
        .computeIfAbsent(letter.getReason(), r -> getRuntimeContext().getMetricGroup().addGroup("causeway").addGroup("reason", r).counter("deadLetters"))
        .inc();
    ctx.output(deadLetters, letter);
  }
}
