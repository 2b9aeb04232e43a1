package io.causeway.benchmarks.throughput;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter that keeps the operators' counters of a MiniCluster in this JVM, so that a
 * benchmark reads them as they change. Flink's REST API serves metrics through a fetcher that
 * refreshes them every 10 s by default, too coarse to time a run of a few seconds; a reporter is
 * handed the live {@link Counter} objects. Enabled on a cluster by {@link #clusterSettings()}.
 */
public final class LiveCounters implements MetricReporter {

  private static final String NAME = "causeway-bench";
  /** job name, operator name, metric identifier below the operator's scope, subtask → counter. */
  private static final Map<Key, Counter> COUNTERS = new ConcurrentHashMap<>();

  /** Where a counter lives: two jobs on one cluster may have operators of the same name ("decode telemetry.spans"). */
  private record Key(String job, String operator, String metric, String subtask) {}

  /** The cluster settings that install this reporter. */
  public static Map<String, String> clusterSettings() {
    return Map.of("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
  }

  /**
   * The sum over subtasks of an operator's counter, 0 before the operator has registered it.
   * {@code metric} is the name below the operator's scope, e.g. {@code numRecordsIn} or {@code
   * causeway.spans}.
   */
  public static long sum(String operator, String metric) {
    return sum(null, operator, metric);
  }

  /** As {@link #sum(String, String)} within one job ({@code pipeline.name}), or in any job when {@code job} is null. */
  public static long sum(String job, String operator, String metric) {
    long sum = 0;
    for (Map.Entry<Key, Counter> entry : COUNTERS.entrySet()) {
      Key key = entry.getKey();
      if ((job == null || job.equals(key.job())) && key.operator().equals(operator) && key.metric().equals(metric)) {
        sum += entry.getValue().getCount();
      }
    }
    return sum;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    COUNTERS.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = key(metricName, group);
    if (metric instanceof Counter counter && key != null) {
      COUNTERS.put(key, counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = key(metricName, group);
    if (key != null) {
      COUNTERS.remove(key);
    }
  }

  /** The counter's job, operator, name below the operator (e.g. {@code causeway.spans}) and subtask, or null outside an operator. */
  private static Key key(String metricName, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    String operator = variables.get("<operator_name>");
    if (operator == null) {
      return null;
    }
    String[] scope = group.getScopeComponents();
    StringBuilder name = new StringBuilder();
    // user groups (causeway, ...) follow the operator name and subtask index in the scope
    int at = indexOf(scope, variables.get("<subtask_index>"), indexOf(scope, operator, 0));
    for (int i = at + 1; at >= 0 && i < scope.length; i++) {
      name.append(scope[i]).append('.');
    }
    return new Key(variables.get("<job_name>"), operator, name.append(metricName).toString(), variables.get("<subtask_index>"));
  }

  private static int indexOf(String[] scope, String value, int from) {
    for (int i = Math.max(from, 0); i < scope.length; i++) {
      if (scope[i].equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /** Found by Flink through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new LiveCounters();
    }
  }
}
