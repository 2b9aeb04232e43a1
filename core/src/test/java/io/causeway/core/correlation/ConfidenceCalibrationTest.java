package io.causeway.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceCalibrationTest {

  /** Over-confident pages: said 0.8, right half the time; said 0.3, right a tenth of the time. */
  private static List<ConfidenceCalibration.Page> overConfident() {
    List<ConfidenceCalibration.Page> pages = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pages.add(new ConfidenceCalibration.Page(0.8, i % 2 == 0));
      pages.add(new ConfidenceCalibration.Page(0.3, i % 10 == 0));
    }
    return pages;
  }

  @Test
  void aFitBringsOverConfidentPagesToTheirShareRightAndLowersTheBrierScore() {
    List<ConfidenceCalibration.Page> pages = overConfident();

    ConfidenceCalibration fitted = ConfidenceCalibration.fit(pages);

    assertThat(fitted.apply(0.8)).isCloseTo(0.5, within(0.02));
    assertThat(fitted.apply(0.3)).isCloseTo(0.1, within(0.02));
    assertThat(fitted.brier(pages)).isLessThan(ConfidenceCalibration.IDENTITY.brier(pages));
  }

  @Test
  void theMappingKeepsOrderAndTheIdentityLeavesConfidenceAlone() {
    ConfidenceCalibration fitted = ConfidenceCalibration.fit(overConfident());

    assertThat(fitted.apply(0.6)).isGreaterThan(fitted.apply(0.4));
    assertThat(ConfidenceCalibration.IDENTITY.apply(0.42)).isEqualTo(0.42);
  }
}
