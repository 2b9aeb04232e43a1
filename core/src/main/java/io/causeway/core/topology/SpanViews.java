package io.causeway.core.topology;

import io.causeway.avro.Span;
import io.causeway.avro.SpanStatus;
import java.util.Map;

/** Reads the parts of an Avro span that graph building needs, with OTel semantic conventions. */
public final class SpanViews {

  private SpanViews() {}

  public static SpanView of(Span span) {
    Map<String, String> attributes = span.getAttributes();
    return new SpanView(
        span.getTraceId(),
        span.getSpanId(),
        span.getParentSpanId(),
        serviceIdentity(span.getService(), span.getNamespace()),
        span.getKind().name(),
        span.getStartTime().toEpochMilli(),
        span.getDurationMicros(),
        span.getStatus() == SpanStatus.ERROR,
        peerOf(span.getPeerService(), attributes),
        peerKindOf(attributes));
  }

  /**
   * A service is named by {@code service.name}, qualified by {@code service.namespace} when there
   * is one ({@code shop/cartservice}), never by a pod or instance.
   */
  public static String serviceIdentity(String name, String namespace) {
    return namespace == null || namespace.isBlank() ? name : namespace + "/" + name;
  }

  /** peer.service first, then the database, messaging destination or server address named. */
  public static String peerOf(String peerService, Map<String, String> attributes) {
    if (peerService != null && !peerService.isBlank()) {
      return peerService;
    }
    for (String key : new String[] {"peer.service", "db.name", "db.system", "messaging.destination.name", "server.address"}) {
      String value = attributes.get(key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  public static String peerKindOf(Map<String, String> attributes) {
    if (attributes.containsKey("db.system")) {
      return "DATABASE";
    }
    if (attributes.containsKey("messaging.system")) {
      return "MESSAGING";
    }
    return "EXTERNAL";
  }
}
