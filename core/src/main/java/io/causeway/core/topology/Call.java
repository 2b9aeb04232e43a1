package io.causeway.core.topology;

import java.io.Serializable;

/**
 * One observed call from {@code caller} to {@code callee}, measured on the caller's side where the
 * caller recorded a client span (the latency its users feel), else on the callee's side.
 */
public record Call(
    String caller,
    String callee,
    String edgeKind,
    long timestampMillis,
    long durationMicros,
    boolean error)
    implements Serializable {

  public String edgeKey() {
    return edgeKey(caller, callee);
  }

  public static String edgeKey(String caller, String callee) {
    return caller + "->" + callee;
  }
}
