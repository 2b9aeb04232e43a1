package io.causeway.core.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

  @Test
  void acceptsTheSmallestValidSettings() {
    assertThatCode(() -> new DetectorSettings(3, 3, 0.1, 0, 0, 1, 1, 2, Direction.BOTH)).doesNotThrowAnyException();
  }

  @Test
  void rejectsABaselineOfFewerThanThreePoints() {
    assertThatThrownBy(() -> new DetectorSettings(10, 2, 5, 0, 0, 3, 3, 20, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baselineSize >= minBaseline >= 3");
  }

  @Test
  void rejectsABaselineSmallerThanTheWarmUp() {
    assertThatThrownBy(() -> new DetectorSettings(7, 8, 5, 0, 0, 3, 3, 20, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baselineSize >= minBaseline");
  }

  @Test
  void rejectsANonPositiveThreshold() {
    assertThatThrownBy(() -> new DetectorSettings(60, 8, 0, 0, 0, 3, 3, 20, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold > 0");
  }

  @Test
  void rejectsZeroPersistenceOrRecovery() {
    assertThatThrownBy(() -> new DetectorSettings(60, 8, 5, 0, 0, 0, 3, 20, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistence and recovery >= 1");
    assertThatThrownBy(() -> new DetectorSettings(60, 8, 5, 0, 0, 3, 0, 20, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistence and recovery >= 1");
  }

  @Test
  void rejectsAcceptingANewLevelBeforeItCouldBeConfirmed() {
    assertThatThrownBy(() -> new DetectorSettings(60, 8, 5, 0, 0, 3, 3, 3, Direction.UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acceptAfter > persistence");
  }

  @Test
  void latencyErrorAndSaturationSettingsOnlyCountRises() {
    assertThat(DetectorSettings.latency().direction()).isEqualTo(Direction.UP);
    assertThat(DetectorSettings.errorRatio().direction()).isEqualTo(Direction.UP);
    assertThat(DetectorSettings.saturation().direction()).isEqualTo(Direction.UP);
    assertThat(DetectorSettings.counts().direction()).isEqualTo(Direction.UP);
    assertThat(DetectorSettings.resource().direction()).isEqualTo(Direction.BOTH);
  }

  @Test
  void latencyMustRiseByHalfAndFiveMilliseconds() {
    DetectorSettings latency = DetectorSettings.latency();

    assertThat(latency.minRelativeChange()).isEqualTo(0.5);
    assertThat(latency.minAbsoluteChange()).isEqualTo(5.0);
    assertThat(latency.persistence()).isEqualTo(3);
  }

  @Test
  void errorCountsConfirmAfterTwoWindows() {
    assertThat(DetectorSettings.counts().persistence()).isEqualTo(2);
    assertThat(DetectorSettings.errorRatio().minAbsoluteChange()).isEqualTo(0.05);
  }
}
