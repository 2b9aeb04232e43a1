package io.causeway.benchmarks.rca;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import io.causeway.avro.Symptom;
import io.causeway.core.correlation.CauseRanker;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.core.correlation.ServiceGraph;
import io.causeway.jobs.CausewayOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * Ranks a dumped run's incidents again, in plain Java and in seconds: each snapshot's symptoms
 * (looked up among the dumped anomalies) go through this build's {@link CauseRanker}, over the graph
 * of the edges dumped up to the snapshot's time, as the correlation job would rank them. Which
 * anomalies make up which incident stays as the run grouped them: this iterates on the ranking, not
 * on detection or grouping.
 */
final class OfflineRanking {

  private final RankingSettings settings;
  private final Duration edgeRetention;

  private OfflineRanking(RankingSettings settings, Duration edgeRetention) {
    this.settings = settings;
    this.edgeRetention = edgeRetention;
  }

  /** With the ranking settings and context retention the job options say. */
  static OfflineRanking from(Map<String, String> jobOptions) {
    Configuration config = Configuration.fromMap(jobOptions);
    return new OfflineRanking(CausewayOptions.rankingSettings(config), config.get(CausewayOptions.CONTEXT_RETENTION));
  }

  RunDump rankAgain(RunDump run) {
    Map<String, Anomaly> byId = run.anomalies().stream()
        .collect(Collectors.toMap(a -> a.getId().toString(), Function.identity(), (a, b) -> b, LinkedHashMap::new));
    List<DependencyEdge> edges = run.edges().stream().sorted(Comparator.comparing(DependencyEdge::getWindowEnd)).toList();
    List<Incident> ranked = new ArrayList<>();
    for (Incident snapshot : run.snapshots()) {
      List<Anomaly> members = snapshot.getSymptoms().stream().map(Symptom::getAnomalyId).map(CharSequence::toString)
          .map(byId::get).filter(a -> a != null).toList();
      if (members.isEmpty()) {
        ranked.add(snapshot);
        continue;
      }
      CauseRanker.Ranking ranking = new CauseRanker(settings).rank(members, graphAt(edges, snapshot.getUpdatedAt().toEpochMilli()), List.of());
      ranked.add(Incident.newBuilder(snapshot).setHypotheses(ranking.hypotheses()).setNoConfidentCause(ranking.noConfidentCause()).build());
    }
    return new RunDump(run.anomalies(), run.edges(), ranked);
  }

  /** The graph the job held at {@code atMillis}: each edge's last window by then, within the retention. */
  private ServiceGraph graphAt(List<DependencyEdge> edges, long atMillis) {
    Map<String, DependencyEdge> latest = new LinkedHashMap<>();
    long from = atMillis - edgeRetention.toMillis();
    for (DependencyEdge edge : edges) {
      long end = edge.getWindowEnd().toEpochMilli();
      if (end > atMillis) {
        break;
      }
      if (end >= from) {
        latest.put(edge.getCaller() + "->" + edge.getCallee(), edge);
      }
    }
    ServiceGraph.Builder graph = ServiceGraph.builder();
    latest.values().forEach(e -> graph.edge(e.getCaller().toString(), e.getCallee().toString(), e.getCallsPerSecond()));
    return graph.build();
  }
}
