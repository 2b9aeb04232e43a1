package io.causeway.benchmarks.pipeline;

import io.causeway.benchmarks.throughput.CountingSink;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The records a benchmark wrote to Kafka before measuring: how many services sent them, and how many per topic. */
record Traffic(int services, Map<Topic, Long> counts) {

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  long count(Topic topic) {
    return counts.getOrDefault(topic, 0L);
  }

  /** Records written per chunk: each is flushed, and written again if that fails. */
  static final int CHUNK = 50_000;

  /**
   * Writes at least {@code records} records of {@code topics} from a fleet of {@code services}
   * services, in steps of ten simulated seconds. Stamped far enough back that a long run ends
   * before now: the broker refuses records stamped more than an hour ahead of its clock.
   */
  static Traffic produce(String bootstrapServers, int services, double requestsPerShop, long records, Collection<Topic> topics) {
    try (RetryingPreload kafka = new RetryingPreload(() -> new KafkaTelemetrySink(bootstrapServers), CHUNK, System.err)) {
      CountingSink sink = new CountingSink(kafka, Set.copyOf(topics));
      Instant start = Instant.now().minus(Duration.ofHours(48)).truncatedTo(ChronoUnit.SECONDS);
      ServiceFleet fleet = new ServiceFleet(services, requestsPerShop, 11, start, sink);
      while (sink.total() < records) {
        fleet.advance(Duration.ofSeconds(10));
      }
      kafka.flush();
      return new Traffic(fleet.services(), sink.counts());
    }
  }
}
