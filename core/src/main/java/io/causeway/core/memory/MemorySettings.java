package io.causeway.core.memory;

import java.io.Serializable;
import java.time.Duration;

/**
 * How incident memory recalls and weighs past incidents.
 *
 * @param minSimilarity a past incident at least this similar (weighted Jaccard, 0-1) is recalled
 * @param sameShape a new incident at least this similar to a fingerprint joins it instead of
 *     starting its own
 * @param maxSimilar at most this many similar incidents are listed in the evidence
 * @param halfLife a verdict this old weighs half
 * @param confirmWeight what one fresh confirmation on an identical incident adds to the log of a
 *     cause's factor
 * @param rejectWeight what one fresh rejection on an identical incident takes from it
 * @param maxPrior the cap: memory multiplies a live score by at most this, and divides it by at most
 *     this, so a live lead larger than {@code maxPrior} (squared, against a rejected leader) stands
 * @param maxFingerprints fingerprints kept; beyond it the one seen longest ago is evicted
 * @param retention a fingerprint not seen (no incident, no verdict) for this long expires (state TTL)
 * @param maxHistory incident ids and verdicts kept per fingerprint, the oldest dropped
 */
public record MemorySettings(
    double minSimilarity,
    double sameShape,
    int maxSimilar,
    Duration halfLife,
    double confirmWeight,
    double rejectWeight,
    double maxPrior,
    int maxFingerprints,
    Duration retention,
    int maxHistory)
    implements Serializable {

  public MemorySettings {
    require(minSimilarity > 0 && minSimilarity <= 1, "causeway.memory.min-similarity must be in (0, 1], was " + minSimilarity);
    require(sameShape >= minSimilarity && sameShape <= 1, "causeway.memory.same-shape must be in [min-similarity, 1], was " + sameShape);
    require(maxSimilar >= 1, "causeway.memory.max-similar must be at least 1, was " + maxSimilar);
    require(!halfLife.isNegative() && !halfLife.isZero(), "causeway.memory.half-life must be positive, was " + halfLife);
    require(confirmWeight >= 0 && rejectWeight >= 0, "causeway.memory confirm and reject weights must not be negative");
    require(maxPrior >= 1, "causeway.memory.max-prior must be at least 1 (1 turns priors off), was " + maxPrior);
    require(maxFingerprints >= 1, "causeway.memory.max-fingerprints must be at least 1, was " + maxFingerprints);
    require(!retention.isNegative() && !retention.isZero(), "causeway.memory.retention must be positive, was " + retention);
    require(maxHistory >= 1, "causeway.memory.max-history must be at least 1, was " + maxHistory);
  }

  public static MemorySettings defaults() {
    return new MemorySettings(0.5, 0.8, 3, Duration.ofDays(14), 1.0, 1.0, 3.0, 1000, Duration.ofDays(30), 20);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
