package io.causeway.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * A task environment whose metric registry remembers every metric an operator registers, so that
 * tests can read our {@code causeway.*} counters by name and variables.
 */
public final class RecordingMetrics {

  private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
  private final MockEnvironment environment;

  public RecordingMetrics() {
    TestingMetricRegistry registry =
        TestingMetricRegistry.builder().setRegisterConsumer((metric, name, group) -> metrics.put(key(name, group), metric)).build();
    var taskGroup =
        TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
            .addJob(new JobID(), "test-job")
            .addTask(ExecutionAttemptID.randomId(), "test-task");
    environment = new MockEnvironmentBuilder().setMetricGroup(taskGroup).build();
  }

  public MockEnvironment environment() {
    return environment;
  }

  /** The count of the counter {@code causeway.<name>}, 0 if it was never registered. */
  public long causewayCounter(String name) {
    return count("causeway." + name);
  }

  /** The count of {@code causeway.<variable>.<value>.<name>}, a counter with one variable. */
  public long causewayCounter(String name, String variable, String value) {
    return count("causeway." + variable + "." + value + "." + name);
  }

  private long count(String key) {
    Metric metric = metrics.get(key);
    return metric == null ? 0 : ((Counter) metric).getCount();
  }

  /** The metric's name below the operator's scope, e.g. {@code causeway.reason.bad-header.deadLetters}. */
  private static String key(String name, AbstractMetricGroup<?> group) {
    String[] scope = group.getScopeComponents();
    StringBuilder key = new StringBuilder();
    boolean below = false;
    for (String component : scope) {
      if (component.equals("causeway")) {
        below = true;
      }
      if (below) {
        key.append(component).append('.');
      }
    }
    return key.append(name).toString();
  }
}
