package io.causeway.ingest.sim;

import java.util.Objects;

/** One directed dependency: {@code caller} sends requests to {@code callee}. */
public record ServiceCall(String caller, String callee) {

  public ServiceCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(callee, "callee");
  }

  /** The edge key used on topic {@code topology.edges}: {@code caller->callee}. */
  public String key() {
    return caller + "->" + callee;
  }

  @Override
  public String toString() {
    return key();
  }
}
