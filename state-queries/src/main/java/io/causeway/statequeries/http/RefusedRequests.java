package io.causeway.statequeries.http;

/**
 * Where a refused write goes: the dead-letter topic in the service, nothing in tests that do not
 * care. {@code source} is {@code http:<endpoint template>}.
 */
@FunctionalInterface
public interface RefusedRequests {

  RefusedRequests NONE = (source, body, reason, message) -> {};

  void refused(String source, byte[] body, String reason, String message);
}
