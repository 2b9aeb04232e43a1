package io.causeway.jobs;

import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * RED figures per key per tumbling event-time window, with latency in a mergeable sketch. Shared
 * by the topology job (per edge) and the detection job (per service). Window state is bounded by
 * the window: Flink drops it when the window fires.
 */
public final class RedWindows {

  private RedWindows() {}

  /** Distinct keys and windows a pre-aggregation buffer holds before it empties itself early. */
  static final int PRE_AGGREGATION_KEYS = 10_000;

  /** The window state's accumulator, in a compact format rather than Kryo's (see {@link RedAccumulatorSerializer}). */
  private static final TypeInformation<RedAccumulator> ACCUMULATOR = new CompactTypeInfo<>(RedAccumulator.class, RedAccumulatorSerializer.INSTANCE);

  public static SingleOutputStreamOperator<WindowedRed> of(DataStream<Measurement> measurements, Duration window, String uid) {
    return measurements
        .transform("pre-aggregate " + uid, PartialRed.TYPE, new PreAggregateRed(window.toMillis(), PRE_AGGREGATION_KEYS))
        .uid(uid + "-pre-aggregate")
        .keyBy(PartialRed::key)
        .window(TumblingEventTimeWindows.of(window))
        .aggregate(new RedAggregate(), new EmitWindow(), ACCUMULATOR, ACCUMULATOR, TypeInformation.of(WindowedRed.class))
        .uid(uid)
        .name(uid);
  }

  static final class RedAggregate implements AggregateFunction<PartialRed, RedAccumulator, RedAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public RedAccumulator createAccumulator() {
      return new RedAccumulator();
    }

    @Override
    public RedAccumulator add(PartialRed value, RedAccumulator acc) {
      return acc.merge(value.red());
    }

    @Override
    public RedAccumulator getResult(RedAccumulator acc) {
      return acc;
    }

    @Override
    public RedAccumulator merge(RedAccumulator a, RedAccumulator b) {
      return a.merge(b);
    }
  }

  static final class EmitWindow extends ProcessWindowFunction<RedAccumulator, WindowedRed, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context ctx, Iterable<RedAccumulator> results, Collector<WindowedRed> out) {
      RedAccumulator acc = results.iterator().next();
      var stats = acc.stats();
      out.collect(
          new WindowedRed(
              key,
              acc.label(),
              ctx.window().getStart(),
              ctx.window().getEnd(),
              stats.calls(),
              stats.errors(),
              stats.latencyMillis(0.5),
              stats.latencyMillis(0.9),
              stats.latencyMillis(0.99)));
    }
  }
}
