package io.causeway.statequeries.materialize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Readiness and lag: the service is ready once its position on every partition has reached the
 * end offset that partition had when the service started (on a fresh disk: after the rebuild).
 * Written by the materialiser thread, read by HTTP and metrics threads.
 */
public final class CatchUp {

  private volatile Map<TopicPartition, Long> targets;
  private volatile boolean ready;
  private final Map<String, Long> lagByTopic = new ConcurrentHashMap<>();

  /** The end offsets seen at start; the service is not ready before they are known. */
  public void target(Map<TopicPartition, Long> endOffsets) {
    this.targets = Map.copyOf(endOffsets);
  }

  /** Records the current positions and lags (per partition) and updates readiness. */
  public void progress(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> lags) {
    Map<TopicPartition, Long> wanted = targets;
    if (wanted != null && !ready) {
      ready = wanted.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }
    Map<String, Long> byTopic = new java.util.HashMap<>();
    lags.forEach((partition, lag) -> byTopic.merge(partition.topic(), lag, Long::sum));
    lagByTopic.putAll(byTopic);
  }

  public boolean ready() {
    return ready;
  }

  /** Records behind the end of each topic (summed over partitions), as last seen. */
  public Map<String, Long> lagByTopic() {
    return Map.copyOf(lagByTopic);
  }
}
