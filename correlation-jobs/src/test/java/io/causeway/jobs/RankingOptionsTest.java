package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.correlation.RankingSettings;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The ranking's weights and thresholds are options: unset, the defaults; set, what was given. */
class RankingOptionsTest {

  @Test
  void unsetOptionsGiveTheDefaultRanking() {
    assertThat(CausewayOptions.rankingSettings(new Configuration())).isEqualTo(RankingSettings.defaults());
  }

  @Test
  void everyWeightAndThresholdCanBeSet() {
    Configuration config = new Configuration();
    config.set(CausewayOptions.RANKING_EXPLAINED_PENALTY, 0.1);
    config.set(CausewayOptions.RANKING_CALLER_SUPPORT, 0.7);
    config.set(CausewayOptions.RANKING_MAX_CALLER_SUPPORT, 2);
    config.set(CausewayOptions.RANKING_CHANGE_BOOST, 3.0);
    config.set(CausewayOptions.RANKING_CHANGE_LOOKBACK, Duration.ofMinutes(30));
    config.set(CausewayOptions.RANKING_SATURATION_BOOST, 1.2);
    config.set(CausewayOptions.RANKING_ONSET_HALF_LIFE, Duration.ofMinutes(5));
    config.set(CausewayOptions.RANKING_MIN_CONFIDENCE, 0.5);

    RankingSettings ranking = CausewayOptions.rankingSettings(config);

    assertThat(ranking.explainedPenalty()).isEqualTo(0.1);
    assertThat(ranking.callerSupport()).isEqualTo(0.7);
    assertThat(ranking.maxCallerSupport()).isEqualTo(2);
    assertThat(ranking.changeBoost()).isEqualTo(3.0);
    assertThat(ranking.changeLookback()).isEqualTo(Duration.ofMinutes(30));
    assertThat(ranking.saturationBoost()).isEqualTo(1.2);
    assertThat(ranking.onsetHalfLife()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ranking.minConfidence()).isEqualTo(0.5);
  }
}
