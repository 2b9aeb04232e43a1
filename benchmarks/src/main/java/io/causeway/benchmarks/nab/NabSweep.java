package io.causeway.benchmarks.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * NAB v1.1's scoring of anomaly scores (its {@code Sweeper}): every row gets the reward it would
 * earn as a detection — inside a window the scaled sigmoid of its position relative to the
 * window's right edge, normalised so the window's first row earns A_TP; outside a window −A_FP
 * scaled by its distance past the preceding window's end (the full −A_FP when no window precedes
 * it). Rows of the probationary period are not scored. A window counts once, with the reward of
 * its best (earliest) detection, and costs −A_FN when it has none; false positives add up. Sweeping
 * the threshold from the highest anomaly score down gives the raw score at every threshold.
 */
public final class NabSweep {

  static final int PROBATIONARY = -2;
  static final int OUTSIDE = -1;

  private final double[] anomalyScores;
  private final double[] rewards;
  private final int[] windowOf;
  private final int windowCount;
  private final double fnWeight;

  private NabSweep(double[] anomalyScores, double[] rewards, int[] windowOf, int windowCount, double fnWeight) {
    this.anomalyScores = anomalyScores;
    this.rewards = rewards;
    this.windowOf = windowOf;
    this.windowCount = windowCount;
    this.fnWeight = fnWeight;
  }

  /** Sweeps one file's anomaly scores (one per row, in [0, 1]) under a profile. */
  public static NabSweep of(NabFile file, double[] anomalyScores, NabProfile profile) {
    if (anomalyScores.length != file.length()) {
      throw new IllegalArgumentException(file.name() + ": " + anomalyScores.length + " scores for " + file.length() + " rows");
    }
    for (double s : anomalyScores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException(file.name() + ": an anomaly score is NaN");
      }
    }
    LocalDateTime[] timestamps = file.timestamps();
    Map<LocalDateTime, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < timestamps.length; i++) {
      firstIndex.putIfAbsent(timestamps[i], i);
    }
    double maxTp = scaledSigmoid(-1.0);
    int probation = file.probationaryLength();
    double[] rewards = new double[timestamps.length];
    int[] windowOf = new int[timestamps.length];
    int nextWindow = 0;
    int current = OUTSIDE;
    int currentRight = -1;
    double currentWidth = 0;
    int previousRight = -1;
    double previousWidth = 0;
    List<NabFile.Window> windows = file.windows();
    for (int i = 0; i < timestamps.length; i++) {
      if (current == OUTSIDE && nextWindow < windows.size() && timestamps[i].equals(windows.get(nextWindow).start())) {
        current = nextWindow++;
        currentRight = indexOf(firstIndex, windows.get(current).end(), file);
        currentWidth = currentRight - indexOf(firstIndex, windows.get(current).start(), file) + 1;
      }
      if (current != OUTSIDE) {
        double position = -(currentRight - i + 1) / currentWidth;
        rewards[i] = scaledSigmoid(position) * profile.tpWeight() / maxTp;
      } else {
        double unweighted = previousRight < 0 ? -1.0 : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
        rewards[i] = unweighted * profile.fpWeight();
      }
      windowOf[i] = i < probation ? PROBATIONARY : current;
      if (current != OUTSIDE && timestamps[i].equals(windows.get(current).end())) {
        previousRight = i;
        previousWidth = currentWidth;
        current = OUTSIDE;
      }
    }
    return new NabSweep(anomalyScores.clone(), rewards, windowOf, windows.size(), profile.fnWeight());
  }

  /** The sweeps of several files as one corpus (window ids renumbered so each stays its own). */
  public static NabSweep concat(List<NabSweep> sweeps) {
    int rows = sweeps.stream().mapToInt(s -> s.rewards.length).sum();
    double[] scores = new double[rows];
    double[] rewards = new double[rows];
    int[] windowOf = new int[rows];
    int at = 0;
    int windowOffset = 0;
    double fnWeight = sweeps.isEmpty() ? 0 : sweeps.get(0).fnWeight;
    for (NabSweep sweep : sweeps) {
      if (sweep.fnWeight != fnWeight) {
        throw new IllegalArgumentException("sweeps of different profiles cannot be combined");
      }
      int n = sweep.rewards.length;
      System.arraycopy(sweep.anomalyScores, 0, scores, at, n);
      System.arraycopy(sweep.rewards, 0, rewards, at, n);
      for (int i = 0; i < n; i++) {
        int w = sweep.windowOf[i];
        windowOf[at + i] = w >= 0 ? w + windowOffset : w;
      }
      at += n;
      windowOffset += sweep.windowCount;
    }
    return new NabSweep(scores, rewards, windowOf, windowOffset, fnWeight);
  }

  /** The reward (NAB's {@code S(t)}) each row would earn as a detection, probationary rows included. */
  public double[] rowRewards() {
    return rewards.clone();
  }

  /**
   * The raw score at every distinct anomaly score, from above the highest (1.1: nothing detected,
   * the null detector's score) down to the lowest (every row detected), as NAB's {@code
   * calcScoreByThreshold}.
   */
  public List<ThresholdScore> scoresByThreshold() {
    int[] order = IntStream.range(0, rewards.length)
        .filter(i -> windowOf[i] != PROBATIONARY)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> anomalyScores[i]).reversed())
        .mapToInt(Integer::intValue)
        .toArray();
    double[] windowReward = new double[windowCount];
    Arrays.fill(windowReward, Double.NaN);
    int tn = 0;
    int fn = 0;
    double windowTotal = 0;
    for (int i : order) {
      int w = windowOf[i];
      if (w == OUTSIDE) {
        tn++;
      } else {
        fn++;
        if (Double.isNaN(windowReward[w])) {
          windowReward[w] = -fnWeight;
          windowTotal -= fnWeight;
        }
      }
    }
    List<ThresholdScore> scores = new ArrayList<>();
    double threshold = 1.1;
    double fpTotal = 0;
    int tp = 0;
    int fp = 0;
    for (int i : order) {
      if (anomalyScores[i] != threshold) {
        scores.add(new ThresholdScore(threshold, fpTotal + windowTotal, tp, tn, fp, fn));
        threshold = anomalyScores[i];
      }
      int w = windowOf[i];
      if (w == OUTSIDE) {
        fp++;
        tn--;
        fpTotal += rewards[i];
      } else {
        tp++;
        fn--;
        if (rewards[i] > windowReward[w]) {
          windowTotal += rewards[i] - windowReward[w];
          windowReward[w] = rewards[i];
        }
      }
    }
    scores.add(new ThresholdScore(threshold, fpTotal + windowTotal, tp, tn, fp, fn));
    return scores;
  }

  /** The raw score with detections at anomaly scores {@code >= threshold} (NAB's {@code scoreDataSet}). */
  public ThresholdScore at(double threshold) {
    List<ThresholdScore> scores = scoresByThreshold();
    ThresholdScore previous = null;
    for (ThresholdScore score : scores) {
      if (score.threshold() == threshold) {
        return score;
      }
      if (score.threshold() < threshold) {
        return previous == null ? score : previous;
      }
      previous = score;
    }
    return previous;
  }

  /** The best raw score over all thresholds; of equal scores the highest threshold, as NAB's optimiser. */
  public ThresholdScore best() {
    ThresholdScore best = null;
    for (ThresholdScore score : scoresByThreshold()) {
      if (best == null || score.score() > best.score()) {
        best = score;
      }
    }
    return best;
  }

  /** The raw score of the null detector (no detections): −A_FN per window with a scored row. */
  public double nullScore() {
    return scoresByThreshold().get(0).score();
  }

  static double scaledSigmoid(double relativePosition) {
    if (relativePosition > 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
  }

  private static int indexOf(Map<LocalDateTime, Integer> firstIndex, LocalDateTime timestamp, NabFile file) {
    Integer index = firstIndex.get(timestamp);
    if (index == null) {
      throw new IllegalArgumentException(file.name() + ": window limit " + timestamp + " is not a row's timestamp");
    }
    return index;
  }
}
