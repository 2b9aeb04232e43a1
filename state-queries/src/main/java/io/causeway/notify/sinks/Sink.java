package io.causeway.notify.sinks;

import io.causeway.notify.Notification;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * An output the notifier delivers to over HTTP. A sink only says what request tells its service
 * about a notification; sending, retrying and dead-lettering are the notifier's.
 */
public interface Sink {

  /** The configured name (metrics tag, dead-letter message, dedup key). */
  String name();

  /** The sink type ({@code slack}, ...), the stable part of its dead-letter reason. */
  String type();

  /** The request for {@code notification}, or empty when this sink has nothing to say about it. */
  Optional<HttpRequest> request(Notification notification);

  /** Called once the service accepted {@link #request}'s request. */
  default void delivered(Notification notification) {}
}
