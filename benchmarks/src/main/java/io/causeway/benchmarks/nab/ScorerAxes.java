package io.causeway.benchmarks.nab;

import io.causeway.core.detection.AnomalyScorerSettings;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The constants of {@link io.causeway.core.detection.AnomalyScorer} a leave-one-out search may
 * move, each over a few round values around its default (a factor of about two each way).
 */
final class ScorerAxes {

  private ScorerAxes() {}

  static List<ConstantSearch.Axis<AnomalyScorerSettings>> all() {
    return List.of(
        axis(List.of(2.0, 2.5, 3.0, 3.5, 4.0), AnomalyScorerSettings::withSurpriseFrom),
        axis(List.of(2.0, 4.0, 8.0), AnomalyScorerSettings::withSurpriseScale),
        axis(List.of(25, 50, 100, 200), AnomalyScorerSettings::withSlotMemory),
        axis(List.of(0.25, 0.5, 1.0), AnomalyScorerSettings::withMinDeviationShare),
        axis(List.of(1000, 3000, 10000), AnomalyScorerSettings::withLikelihoodMemory),
        axis(List.of(0.02, 0.05, 0.1), AnomalyScorerSettings::withRangeTolerance),
        axis(List.of(0, 12, 24, 48, 96), AnomalyScorerSettings::withShiftAfter));
  }

  private static <V> ConstantSearch.Axis<AnomalyScorerSettings> axis(
      List<V> values, BiFunction<AnomalyScorerSettings, V, AnomalyScorerSettings> with) {
    return current -> values.stream().map(v -> with.apply(current, v)).filter(s -> !s.equals(current)).toList();
  }
}
