package io.causeway.core.topology;

import java.io.Serializable;

/**
 * What the call extractor needs to know of one span. Kind names follow OpenTelemetry: SERVER,
 * CLIENT, PRODUCER, CONSUMER, INTERNAL, or UNSPECIFIED for spans that carry no kind.
 */
public record SpanView(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String kind,
    long startMillis,
    long durationMicros,
    boolean error,
    String peer,
    String peerKind)
    implements Serializable {

  public boolean isClient() {
    return "CLIENT".equals(kind) || "PRODUCER".equals(kind);
  }

  public boolean hasParent() {
    return parentSpanId != null && !parentSpanId.isEmpty();
  }
}
