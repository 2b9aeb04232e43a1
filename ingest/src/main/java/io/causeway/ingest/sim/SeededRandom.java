package io.causeway.ingest.sim;

import java.util.List;
import java.util.Random;

/**
 * The simulator's only source of randomness. Built on {@link Random}, whose algorithm the JDK
 * specifies, so a seed gives the same numbers on every JVM. Independent streams are derived from
 * one seed with {@link #stream}, so one part's draws never shift another's.
 */
final class SeededRandom {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Random random;

  SeededRandom(long seed) {
    this.random = new Random(seed);
  }

  /** A stream that depends only on {@code seed} and {@code stream}. */
  static SeededRandom stream(long seed, long stream) {
    return new SeededRandom(mix(seed, stream));
  }

  /** SplitMix64 finaliser over both inputs: nearby seeds give unrelated streams. */
  static long mix(long seed, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** An int in [min, max], both inclusive. */
  int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  double between(double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  double gaussian() {
    return random.nextGaussian();
  }

  /** Lognormal with the given median; {@code sigma} is the spread of its logarithm. */
  double lognormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  /** Waiting time of a Poisson process with the given rate. */
  double exponential(double rate) {
    return -Math.log(1.0 - random.nextDouble()) / rate;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** {@code length} lowercase hex characters. */
  String hex(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = HEX[random.nextInt(16)];
    }
    return new String(chars);
  }

  /** {@code length} characters drawn from {@code alphabet}. */
  String chars(String alphabet, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(chars);
  }
}
