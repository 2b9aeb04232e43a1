package io.causeway.jobs.otlp;

import io.causeway.avro.MetricPoint;
import io.causeway.ingest.otlp.CumulativeToDelta;
import io.causeway.ingest.otlp.MetricSample;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per series ({@link MetricSample#seriesKey()}): turns cumulative counters and histograms into
 * per-interval points by {@link CumulativeToDelta}'s rule, with the series' last cumulative point
 * in keyed state; passes every other sample's points through without touching state.
 *
 * <p>State is bounded by a TTL: a series' last point is dropped {@code ttl} after it was written,
 * so series that stop reporting leave nothing behind.
 */
final class CumulativeToDeltaFunction extends KeyedProcessFunction<String, MetricSample, MetricPoint> {

  private static final long serialVersionUID = 1L;

  static final String STATE_NAME = "otlp-last-cumulative-point";

  private final Duration ttl;
  private transient ValueState<MetricSample> last;

  CumulativeToDeltaFunction(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<MetricSample> descriptor = new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(MetricSample.class));
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    last = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(MetricSample sample, Context ctx, Collector<MetricPoint> out) throws Exception {
    if (!sample.kind().isCumulative()) {
      sample.points().forEach(out::collect);
      return;
    }
    MetricSample before = last.value();
    if (!CumulativeToDelta.isNewer(before, sample)) {
      return;
    }
    last.update(sample);
    MetricSample delta = CumulativeToDelta.delta(before, sample);
    if (delta != null) {
      delta.points().forEach(out::collect);
    }
  }
}
