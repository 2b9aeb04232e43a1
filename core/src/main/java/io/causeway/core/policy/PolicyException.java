package io.causeway.core.policy;

/** A policy file that cannot be used, with the file, the line and the reason: {@code policy.yaml:12: ...}. */
public final class PolicyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  PolicyException(String source, int line, String reason) {
    super(line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason);
  }
}
