package io.causeway.jobs.topology;

import io.causeway.avro.DependencyEdge;
import io.causeway.avro.DeltaType;
import io.causeway.avro.GraphDelta;
import io.causeway.core.topology.Call;
import io.causeway.core.topology.RedShift;
import io.causeway.core.topology.SpanView;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CompactTypeInfo;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.Measurement;
import io.causeway.jobs.KafkaIO;
import io.causeway.jobs.RedWindows;
import io.causeway.jobs.WindowedRed;
import io.causeway.jobs.otlp.TelemetrySources;
import io.causeway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * spans → calls (parent/child joined per trace) → RED per edge per window → the rolling graph on
 * {@code topology.edges} (compacted; tombstone when an edge expires) and its history on {@code
 * topology.deltas}.
 */
public final class TopologyJob implements CausewayJob {

  public static final String NAME = "topology";
  /** The trace join's operator name; its {@code causeway.spans} counter counts the spans it received. */
  public static final String TRACE_JOIN = "join spans into calls";
  private static final int MAX_SPANS_PER_TRACE = 5_000;
  /** Spans the batcher before the trace join holds at most between two watermarks. */
  private static final int MAX_BUFFERED_SPANS = 20_000;
  static final TypeInformation<SpanView> SPAN_VIEW = new CompactTypeInfo<>(SpanView.class, SpanViewSerializer.WithTrace.INSTANCE);

  private final JobSettings settings;

  public TopologyJob(JobSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse(); // no function here changes a record it was given
    KafkaIO io = new KafkaIO(settings, NAME);
    DataStream<SpanView> spans = new TelemetrySources(settings, io, NAME).spanViews(env, new SpanViewDecoding(io.consumer(), SPAN_VIEW), SPAN_VIEW);

    DataStream<Call> calls =
        spans
            .transform("gather spans by trace", TraceFragment.TYPE, new TraceBatcher(MAX_BUFFERED_SPANS, MAX_SPANS_PER_TRACE))
            .uid("topology-trace-batch")
            .keyBy(TraceFragment::traceId, Types.STRING)
            .process(new TraceJoinFunction(settings.get(CausewayOptions.TRACE_JOIN_TIMEOUT), MAX_SPANS_PER_TRACE))
            .returns(TypeInformation.of(Call.class))
            .uid("topology-trace-join")
            .name(TRACE_JOIN);
    DataStream<WindowedRed> perEdge =
        RedWindows.of(
            calls.map(c -> new Measurement(c.edgeKey(), c.edgeKind(), c.durationMicros(), c.error()))
                .uid("topology-call-measurement").name("call measurement"),
            settings.get(CausewayOptions.WINDOW),
            "topology-edge-red");
    SingleOutputStreamOperator<DependencyEdge> edges =
        perEdge.keyBy(WindowedRed::key)
            .process(new EdgeLifecycleFunction(settings.get(CausewayOptions.EDGE_EXPIRY), RedShift.defaults()))
            .uid("topology-edge-lifecycle")
            .name("rolling graph");
    DataStream<GraphDelta> deltas = edges.getSideOutput(EdgeLifecycleFunction.DELTAS);

    io.write(edges, Topic.EDGES, DependencyEdge.class, KafkaIO.keyOf(e -> e.getCaller() + "->" + e.getCallee()), DeliveryGuarantee.AT_LEAST_ONCE);
    io.write(deltas, Topic.DELTAS, GraphDelta.class, KafkaIO.keyOf(d -> d.getCaller() + "->" + d.getCallee()), DeliveryGuarantee.AT_LEAST_ONCE);
    writeTombstones(io, deltas.filter(d -> d.getChange() == DeltaType.REMOVED).uid("topology-removed").name("removed edges"));
    io.writeDeadLetters();
  }

  /** A null value under the edge's key deletes it from the compacted edges topic. */
  private void writeTombstones(KafkaIO io, DataStream<GraphDelta> removed) {
    String topic = settings.topic(Topic.EDGES);
    KafkaRecordSerializationSchema<GraphDelta> tombstone =
        (delta, context, timestamp) ->
            new ProducerRecord<byte[], byte[]>(topic, null, timestamp, (delta.getCaller() + "->" + delta.getCallee()).getBytes(StandardCharsets.UTF_8), (byte[]) null);
    removed.sinkTo(io.sink(tombstone, DeliveryGuarantee.AT_LEAST_ONCE, topic + "-tombstones")).uid("topology-sink-tombstones").name("write edge tombstones");
  }
}
