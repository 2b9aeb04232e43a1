package io.causeway.core.detection;

import java.io.Serializable;

/**
 * Numenta's anomaly likelihood (Ahmad et al., "Unsupervised real-time anomaly detection for
 * streaming data", Neurocomputing 2017) in fixed space: how unlikely the average of the last
 * {@value #AVERAGED} raw scores is, next to the distribution that average has had over the series'
 * history. A series whose raw scores are often high (a noisy one) needs a much higher average to
 * alarm than a quiet one, so one threshold serves every series.
 *
 * <p>The history is a normal distribution fitted to the averages with an exponentially weighted
 * mean and variance (a memory of {@link AnomalyScorerSettings#likelihoodMemory() about 10,000} points, where Numenta refits on the whole
 * history every 100 points); its mean is at least {@value #MIN_MEAN} and its variance at least
 * {@value #MIN_VARIANCE}, as Numenta's, so a series that was never surprised is not alarmed by the
 * slightest blip. The output is Numenta's log scale of the Gaussian tail probability {@code p}:
 * {@code ln(p + 1e-10) / ln(1e-10)}, in [0, 1], where 0.5 is {@code p = 1e-5}. Numenta's filter
 * keeps only the first of several alarming points in a row ({@code p <=} {@value #RED}) and gives
 * the following ones {@code p =} {@value #YELLOW} (0.3 on the log scale); here a row lasts while
 * the previous alarming point is still among the last {@value #AVERAGED}, the points its average
 * was made of, so one burst is one alarm even when its average wavers around the red line.
 *
 * <p>State: a ring of {@value #AVERAGED} floats (56 bytes with its header) and this object's 64
 * bytes.
 */
final class AnomalyLikelihood implements Serializable {

  private static final long serialVersionUID = 2L;
  static final int AVERAGED = 10;
  /** Raw scores from a model still learning its series: they do not shape the distribution. */
  static final int SKIPPED = 150;
  /** Averages in the distribution before it judges. */
  static final int ESTIMATED_FROM = 150;
  private static final double MIN_MEAN = 0.03;
  private static final double MIN_VARIANCE = 0.0003;
  static final double RED = 1e-5;
  static final double YELLOW = 1e-3;
  private static final double FLOOR = 1e-10;
  private static final double LOG_FLOOR = Math.log(FLOOR);
  private static final double SQRT_2 = Math.sqrt(2);

  /** The fitted distribution's slowest learning rate: one over the averages it remembers. */
  private final double minRate;
  /** The averages it remembers, {@code 1 / minRate}: an int fills the object's alignment gap. */
  private final int memory;
  /** The last raw scores, in [0, 1]: a float's seven digits are ample, at half a double's bytes. */
  private final float[] recent = new float[AVERAGED];
  private long count;
  private long estimatedFrom;
  private double mean;
  private double variance;
  /** Points since the last alarming one, counted up to {@value #AVERAGED} ("long ago"). */
  private int sinceRed = AVERAGED;

  AnomalyLikelihood(int memory) {
    this.minRate = 1.0 / memory;
    this.memory = memory;
  }

  /** The likelihood score in [0, 1] of this raw score (in [0, 1]); 0 until the distribution is known. */
  double score(double raw) {
    recent[(int) (count % AVERAGED)] = (float) raw;
    count++;
    double average = average();
    double score = 0;
    if (estimatedFrom >= ESTIMATED_FROM) {
      double tail = tailProbability(average);
      boolean red = tail <= RED;
      if (red && sinceRed < AVERAGED) {
        tail = YELLOW;
      }
      sinceRed = red ? 0 : Math.min(sinceRed + 1, AVERAGED);
      score = Math.log(tail + FLOOR) / LOG_FLOOR;
    }
    if (count > SKIPPED) {
      learn(average);
    }
    return score;
  }

  private double average() {
    double sum = 0;
    for (float r : recent) {
      sum += r;
    }
    return sum / Math.min(count, AVERAGED);
  }

  /** The probability of an average at least this far from the mean, on its side (Gaussian Q). */
  private double tailProbability(double average) {
    double center = Math.max(mean, MIN_MEAN);
    double deviation = Math.sqrt(Math.max(variance, MIN_VARIANCE));
    return 0.5 * erfc(Math.abs(average - center) / deviation / SQRT_2);
  }

  private void learn(double average) {
    estimatedFrom++;
    // max(1 / estimatedFrom, minRate) without a division per point once the memory is full
    double alpha = estimatedFrom >= memory ? minRate : 1.0 / estimatedFrom;
    double delta = average - mean;
    mean += alpha * delta;
    variance = (1 - alpha) * (variance + alpha * delta * delta);
  }

  /**
   * The complementary error function by the Chebyshev fit in Numerical Recipes ({@code erfcc}),
   * fractional error below 1.2e-7 everywhere: ample for tails down to {@value #FLOOR}.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
        + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    double r = t * Math.exp(-z * z + poly);
    return x >= 0 ? r : 2 - r;
  }
}
