package io.causeway.core.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Derives call edges from the spans of one trace, which may arrive in any order.
 *
 * <ul>
 *   <li>A span whose parent is in another service is a call parent.service → span.service.
 *   <li>A client (or producer) span that never got a traced child calls the peer it names
 *       ({@code peer.service}, {@code db.system}, {@code server.address}); this can only be known
 *       when the trace is complete, so {@link #untracedPeerCalls} runs at the join timeout.
 * </ul>
 */
public final class CallExtractor {

  private CallExtractor() {}

  /**
   * Calls that the arrival of {@code span} completes, given the trace's spans seen so far
   * ({@code known}, by span id, not yet containing {@code span}).
   */
  public static List<Call> onArrival(SpanView span, Map<String, SpanView> known) {
    if (known.containsKey(span.spanId())) {
      return List.of(); // a redelivered span: its calls were counted on first arrival
    }
    List<Call> calls = new ArrayList<>(1);
    if (span.hasParent()) {
      SpanView parent = known.get(span.parentSpanId());
      if (parent != null && crossesServices(parent, span)) {
        calls.addAll(calls(parent, span));
      }
    }
    for (SpanView other : known.values()) {
      if (span.spanId().equals(other.parentSpanId()) && crossesServices(span, other)) {
        calls.addAll(calls(span, other));
      }
    }
    return calls;
  }

  /** The calls a parent span and its child make, none if they are in the same service. */
  public static List<Call> between(SpanView parent, SpanView child) {
    return crossesServices(parent, child) ? calls(parent, child) : List.of();
  }

  /** Client spans with no child in another service: calls to the peer they name, if any. */
  public static List<Call> untracedPeerCalls(Iterable<SpanView> trace) {
    java.util.Set<String> parentsOfRemoteChildren = new java.util.HashSet<>();
    Map<String, SpanView> byId = new java.util.HashMap<>();
    for (SpanView span : trace) {
      byId.put(span.spanId(), span);
    }
    for (SpanView span : byId.values()) {
      SpanView parent = span.hasParent() ? byId.get(span.parentSpanId()) : null;
      if (parent != null && crossesServices(parent, span)) {
        parentsOfRemoteChildren.add(parent.spanId());
      }
    }
    List<Call> calls = new ArrayList<>();
    for (SpanView span : byId.values()) {
      if (span.isClient() && span.peer() != null && !parentsOfRemoteChildren.contains(span.spanId())) {
        calls.add(untracedPeerCall(span));
      }
    }
    return calls;
  }

  /** The call a client span with no traced child makes to the peer it names. */
  public static Call untracedPeerCall(SpanView span) {
    return new Call(span.service(), span.peer(), span.peerKind() == null ? "EXTERNAL" : span.peerKind(), span.startMillis(), span.durationMicros(), span.error());
  }

  /** Spans whose parent never arrived: the trace was cut, sampled, or spans were lost. */
  public static int orphans(Iterable<SpanView> trace) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    trace.forEach(s -> ids.add(s.spanId()));
    int orphans = 0;
    for (SpanView span : trace) {
      if (span.hasParent() && !ids.contains(span.parentSpanId())) {
        orphans++;
      }
    }
    return orphans;
  }

  private static boolean unknownKind(SpanView span) {
    return span.kind() == null || "UNSPECIFIED".equals(span.kind());
  }

  private static boolean crossesServices(SpanView parent, SpanView child) {
    return !parent.service().equals(child.service());
  }

  /**
   * A producer's message to a named destination goes through that topic or queue, which is a
   * node of its own: producer → topic → consumer. Other calls are one edge parent → child.
   */
  private static List<Call> calls(SpanView parent, SpanView child) {
    boolean throughTopic = "PRODUCER".equals(parent.kind()) && "MESSAGING".equals(parent.peerKind()) && parent.peer() != null;
    if (!throughTopic) {
      return List.of(call(parent, child));
    }
    String topic = parent.peer();
    return List.of(
        new Call(parent.service(), topic, "MESSAGING", parent.startMillis(), parent.durationMicros(), parent.error()),
        new Call(topic, child.service(), "MESSAGING", child.startMillis(), child.durationMicros(), child.error()));
  }

  /**
   * The parent's figures when it is the client side of the call, else the child's. Where neither
   * span says its kind (traces that record none), the parent is the caller's view of the call all
   * the same: what the caller waited, network included, which is what a slowed edge must show when
   * the delay is on the wire or the callee's network rather than in the callee's own work.
   */
  private static Call call(SpanView parent, SpanView child) {
    SpanView measured = parent.isClient() || (unknownKind(parent) && unknownKind(child)) ? parent : child;
    String kind =
        "PRODUCER".equals(parent.kind()) || "CONSUMER".equals(child.kind()) ? "MESSAGING" : "RPC";
    return new Call(
        parent.service(),
        child.service(),
        kind,
        measured.startMillis(),
        measured.durationMicros(),
        measured.error() || (parent.isClient() && child.error()));
  }
}
