package io.causeway.jobs;

import io.causeway.jobs.correlation.CorrelationJob;
import io.causeway.jobs.detection.DetectionJob;
import io.causeway.jobs.topology.TopologyJob;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Main class of the shaded job jar, for {@code flink run}: {@code --job topology|detection|correlation}
 * and any {@code --causeway.*} option, e.g. {@code --causeway.kafka.bootstrap-servers kafka:9092}, or
 * {@code --causeway.options-dir DIR} for options kept one per file (a mounted ConfigMap).
 */
public final class ClusterEntryPoint {

  private ClusterEntryPoint() {}

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    Configuration config = Configuration.fromMap(OptionsDirectory.underArguments(params.toMap()));
    String job = params.getRequired("job");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    CausewayJob causewayJob = jobNamed(job, JobSettings.from(config));
    JobCheckpointing.ensureEnabled(env, causewayJob.name());
    causewayJob.build(env);
    env.execute("causeway-" + causewayJob.name());
  }

  public static CausewayJob jobNamed(String name, JobSettings settings) {
    return switch (name) {
      case TopologyJob.NAME -> new TopologyJob(settings);
      case DetectionJob.NAME -> new DetectionJob(settings);
      case CorrelationJob.NAME -> new CorrelationJob(settings);
      default -> throw new IllegalArgumentException("unknown job '" + name + "'; one of " + allNames());
    };
  }

  public static List<String> allNames() {
    return List.of(TopologyJob.NAME, DetectionJob.NAME, CorrelationJob.NAME);
  }
}
