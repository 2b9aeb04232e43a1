package io.causeway.core.correlation;

import java.io.Serializable;
import java.util.List;

/**
 * A monotone map from the ranking's raw confidence to a calibrated one (Platt scaling: a logistic
 * curve {@code 1 / (1 + exp(-(slope * raw + intercept)))}), fitted on the first suspects of one
 * day's incidents against whether each was the fault's service, and checked on another day. Being
 * monotone, it keeps the suspects' order; {@link #IDENTITY} leaves confidences as they are.
 */
public record ConfidenceCalibration(boolean enabled, double slope, double intercept) implements Serializable {

  public static final ConfidenceCalibration IDENTITY = new ConfidenceCalibration(false, 1, 0);

  private static final int NEWTON_STEPS = 50;
  /** A little ridge on the slope and intercept keeps a fit on a few dozen pages finite. */
  private static final double RIDGE = 1e-3;

  /** One page: the raw confidence of its first suspect, and whether that suspect was right. */
  public record Page(double rawConfidence, boolean right) {}

  public double apply(double raw) {
    return enabled ? 1 / (1 + Math.exp(-(slope * raw + intercept))) : raw;
  }

  /** The logistic fit (Newton's method on the log-likelihood) of right against raw confidence. */
  public static ConfidenceCalibration fit(List<Page> pages) {
    double a = 1;
    double b = 0;
    for (int step = 0; step < NEWTON_STEPS; step++) {
      double ga = -RIDGE * a;
      double gb = -RIDGE * b;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (Page page : pages) {
        double x = page.rawConfidence();
        double p = 1 / (1 + Math.exp(-(a * x + b)));
        double y = page.right() ? 1 : 0;
        ga += (y - p) * x;
        gb += y - p;
        double w = p * (1 - p);
        haa += w * x * x;
        hab += w * x;
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) {
        break;
      }
      a += (hbb * ga - hab * gb) / det;
      b += (haa * gb - hab * ga) / det;
    }
    return new ConfidenceCalibration(true, a, b);
  }

  /** Mean squared gap between each page's (mapped) confidence and its being right. */
  public double brier(List<Page> pages) {
    return pages.stream().mapToDouble(p -> Math.pow(apply(p.rawConfidence()) - (p.right() ? 1 : 0), 2)).average().orElse(Double.NaN);
  }
}
