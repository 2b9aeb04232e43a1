package io.causeway.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a failed TLS handshake, a refused login or a missing permission, wherever it lies in a
 * failure's causes, into the one line a user can act on. Kafka's clients report both as non-retriable errors: retrying with the
 * same credentials only repeats them.
 */
public final class KafkaAccessFailure {

  private KafkaAccessFailure() {}

  /**
   * A failure {@link #explain} recognised, as its one line: the brokers refused these client
   * settings, and no retry with them will do better.
   */
  public static final class Refused extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public Refused(String line) {
      super(line);
    }
  }

  /** The failure's one line as a {@link Refused}, when it is a refused handshake, login or access. */
  public static Optional<Refused> refusal(Throwable failure, String bootstrapServers) {
    return explain(failure, bootstrapServers).map(Refused::new);
  }

  public static Optional<String> explain(Throwable failure, String bootstrapServers) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SslAuthenticationException) {
        return Optional.of(
            "Kafka at " + bootstrapServers + ": the TLS handshake failed: " + firstLine(cause)
                + " (check ssl.truststore.* for the broker's certificate, ssl.keystore.* if it asks for a client certificate)");
      }
      if (cause instanceof AuthenticationException) {
        return Optional.of(
            "Kafka at " + bootstrapServers + " refused the login: " + firstLine(cause)
                + " (check security.protocol, sasl.* and ssl.* in the Kafka client config)");
      }
      if (cause instanceof AuthorizationException) {
        return Optional.of(
            "Kafka at " + bootstrapServers + " refused access: " + firstLine(cause)
                + " (the user needs ACLs on Causeway's topics and consumer groups)");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String firstLine(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
