package io.causeway.jobs.correlation;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.core.policy.ActionPolicy;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import io.causeway.schemas.Topic;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * anomalies + the graph + change events → incidents with ranked hypotheses, written exactly once
 * (Kafka transactions) as full versioned snapshots.
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

    TypeInformation<Either<DependencyEdge, ChangeEvent>> contextType =
        new EitherTypeInfo<>(new AvroTypeInfo<>(DependencyEdge.class), new AvroTypeInfo<>(ChangeEvent.class));
    DataStream<Either<DependencyEdge, ChangeEvent>> context =
        edges.map(e -> Either.<DependencyEdge, ChangeEvent>Left(e)).returns(contextType).uid("correlation-edges-context").name("graph context")
            .union(changes.map(c -> Either.<DependencyEdge, ChangeEvent>Right(c)).returns(contextType).uid("correlation-changes-context").name("change context"));

    String scope = settings.get(CausewayOptions.SCOPE);
    DataStream<Incident> incidents =
        anomalies.keyBy(a -> scope, Types.STRING)
            .connect(context.keyBy(c -> scope, Types.STRING))
            .process(new CorrelationFunction(lifecycle(), settings.get(CausewayOptions.CONTEXT_RETENTION), MAX_ANOMALIES_PER_INCIDENT),
                new AvroTypeInfo<>(Incident.class))
            .uid("correlation-incidents")
            .name("correlate into incidents");

    io.write(incidents, Topic.INCIDENTS, Incident.class, KafkaIO.keyOf(Incident::getId), DeliveryGuarantee.EXACTLY_ONCE);
    io.writeDeadLetters();
  }

  private IncidentLifecycle lifecycle() {
    return new IncidentLifecycle(
        settings.get(CausewayOptions.GROUP_WINDOW),
        settings.get(CausewayOptions.SETTLE),
        settings.get(CausewayOptions.QUIET_PERIOD),
        RankingSettings.defaults(),
        settings.get(CausewayOptions.PATH_SHIFT_OPENS_AT),
        policy);
  }
}
