package io.causeway.jobs.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Feedback;
import io.causeway.avro.GraphDelta;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.core.correlation.GraphChanges;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.core.memory.MemorySettings;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * anomalies + the graph (edges, and its structural deltas) + change events + responders' feedback → incidents with ranked
 * hypotheses, written exactly once (Kafka transactions) as full versioned snapshots, and incident
 * memory (one record per fingerprint as it changes) to the compacted {@code memory.incidents}.
 */
public final class CorrelationJob implements CausewayJob {

  public static final String NAME = "correlation";
  private static final int MAX_ANOMALIES_PER_INCIDENT = 500;

  private final JobSettings settings;
  private final ActionPolicy policy;

  /** Reads the policy file here, on the client that builds the job: a bad one is refused before anything starts. */
  public CorrelationJob(JobSettings settings) {
    this.settings = settings;
    this.policy = policy(settings);
  }

  /** The configured policy file, checked; the default policy when none is set. */
  private static ActionPolicy policy(JobSettings settings) {
    String file = settings.get(CausewayOptions.POLICY_FILE);
    return file == null || file.isBlank() ? ActionPolicy.defaults() : ActionPolicy.load(Path.of(file));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse(); // no function here changes a record it was given
    KafkaIO io = new KafkaIO(settings, NAME);
    DataStream<Anomaly> anomalies = io.read(env, Topic.ANOMALIES, Anomaly.class, (a, ts) -> a.getDetectedAt().toEpochMilli());
    DataStream<DependencyEdge> edges = io.read(env, Topic.EDGES, DependencyEdge.class, (e, ts) -> e.getWindowEnd().toEpochMilli());
    DataStream<ChangeEvent> changes = io.read(env, Topic.CHANGES, ChangeEvent.class, (c, ts) -> c.getTimestamp().toEpochMilli());
    DataStream<Feedback> feedback = io.readBesideEventTime(env, Topic.FEEDBACK, Feedback.class, (f, ts) -> f.getTime().toEpochMilli());
    DataStream<GraphDelta> structure = io.read(env, Topic.DELTAS, GraphDelta.class, (d, ts) -> d.getTime().toEpochMilli())
        .filter(GraphChanges::structural).uid("correlation-structural-deltas").name("edges added or removed");

    DataStream<ContextEvent> context =
        edges.map(ContextEvent::of).returns(ContextEvent.TYPE).uid("correlation-edges-context").name("graph context")
            .union(changes.map(ContextEvent::of).returns(ContextEvent.TYPE).uid("correlation-changes-context").name("change context"),
                feedback.map(ContextEvent::of).returns(ContextEvent.TYPE).uid("correlation-feedback-context").name("feedback context"),
                structure.map(ContextEvent::of).returns(ContextEvent.TYPE).uid("correlation-deltas-context").name("graph change context"));

    String scope = settings.get(CausewayOptions.SCOPE);
    SingleOutputStreamOperator<Incident> incidents =
        anomalies.keyBy(a -> scope, Types.STRING)
            .connect(context.keyBy(c -> scope, Types.STRING))
            .process(new CorrelationFunction(lifecycle(), settings.get(CausewayOptions.CONTEXT_RETENTION), MAX_ANOMALIES_PER_INCIDENT,
                    memorySettings()),
                new AvroTypeInfo<>(Incident.class))
            .uid("correlation-incidents")
            .name("correlate into incidents");

    io.write(incidents, Topic.INCIDENTS, Incident.class, KafkaIO.keyOf(Incident::getId), DeliveryGuarantee.EXACTLY_ONCE);
    io.write(incidents.getSideOutput(CorrelationFunction.MEMORY), Topic.MEMORY, IncidentMemory.class,
        KafkaIO.keyOf(IncidentMemory::getFingerprint), DeliveryGuarantee.AT_LEAST_ONCE);
    io.addDeadLetters(incidents.getSideOutput(CorrelationFunction.DEAD_LETTERS));
    io.writeDeadLetters();
  }

  private MemorySettings memorySettings() {
    return new MemorySettings(
        settings.get(CausewayOptions.MEMORY_MIN_SIMILARITY),
        settings.get(CausewayOptions.MEMORY_SAME_SHAPE),
        settings.get(CausewayOptions.MEMORY_MAX_SIMILAR),
        settings.get(CausewayOptions.MEMORY_HALF_LIFE),
        settings.get(CausewayOptions.MEMORY_CONFIRM_WEIGHT),
        settings.get(CausewayOptions.MEMORY_REJECT_WEIGHT),
        settings.get(CausewayOptions.MEMORY_MAX_PRIOR),
        settings.get(CausewayOptions.MEMORY_MAX_FINGERPRINTS),
        settings.get(CausewayOptions.MEMORY_RETENTION),
        settings.get(CausewayOptions.MEMORY_MAX_HISTORY));
  }

  private IncidentLifecycle lifecycle() {
    return new IncidentLifecycle(
        settings.get(CausewayOptions.GROUP_WINDOW),
        settings.get(CausewayOptions.SETTLE),
        settings.get(CausewayOptions.QUIET_PERIOD),
        settings.rankingSettings(),
        settings.get(CausewayOptions.PATH_SHIFT_OPENS_AT),
        policy);
  }
}
