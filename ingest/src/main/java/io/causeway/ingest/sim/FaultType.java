package io.causeway.ingest.sim;

import io.causeway.avro.FaultKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of fault the simulator can inject into one service. */
public enum FaultType {
  /** Service time about 8x plus 150 ms; callers slow down because they contain the call. */
  LATENCY("latency", FaultKind.LATENCY),
  /** About 35% of the target's server spans fail; failures propagate to callers. */
  ERRORS("errors", FaultKind.ERRORS),
  /** CPU utilisation pinned at 0.90 to 0.98 and service time about 3x. */
  CPU("cpu", FaultKind.SATURATION),
  /** A DEPLOY change at fault start, then about 30% failures with a new exception type. */
  BAD_DEPLOY("bad-deploy", FaultKind.BAD_CHANGE);

  private final String label;
  private final FaultKind expectedKind;

  FaultType(String label, FaultKind expectedKind) {
    this.label = label;
    this.expectedKind = expectedKind;
  }

  /** The command-line spelling: latency, errors, cpu or bad-deploy. */
  public String label() {
    return label;
  }

  /** The fault kind a correct root-cause hypothesis should report for this fault. */
  public FaultKind expectedKind() {
    return expectedKind;
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(FaultType::label).toList();
  }

  /** Parses a label, case-insensitive, accepting {@code _} for {@code -}. */
  public static FaultType parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (FaultType type : values()) {
      if (type.label.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault kind '" + text + "': use one of " + String.join(", ", labels()));
  }

  @Override
  public String toString() {
    return label;
  }
}
