package io.causeway.core.detection;

/** Which deviations count: a latency or error drop is good news, not an incident. */
public enum Direction {
  UP,
  DOWN,
  BOTH;

  boolean admits(double deviation) {
    return switch (this) {
      case UP -> deviation > 0;
      case DOWN -> deviation < 0;
      case BOTH -> deviation != 0;
    };
  }
}
