package io.causeway.notify.sinks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.notify.Notification;
import io.causeway.notify.config.SinkConfig;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic JSON webhook: {@code {"event": "trigger"|"acknowledge"|"resolve", "incidentId",
 * "link", "incident": <the Incident record's JSON>, "ack": ...}}, signed in the header {@value
 * #SIGNATURE_HEADER} as {@code sha256=<hex HMAC-SHA256 of the raw body under the secret>} (the
 * form GitHub uses), so a receiver checks it before it trusts the body.
 */
public final class WebhookSink implements Sink {

  public static final String SIGNATURE_HEADER = "X-Causeway-Signature-256";

  private final SinkConfig.Webhook config;
  private final Duration timeout;

  public WebhookSink(SinkConfig.Webhook config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return config.type();
  }

  @Override
  public Optional<HttpRequest> request(Notification notification) {
    byte[] body = Json.bytes(body(notification));
    return Optional.of(Json.post(config.url(), body, timeout).header(SIGNATURE_HEADER, signature(config.secret(), body)).build());
  }

  static ObjectNode body(Notification notification) {
    ObjectNode body = Json.object();
    body.put("event", notification.action().wire());
    body.put("incidentId", notification.incidentId());
    body.put("severity", notification.severity());
    if (notification.link() != null) {
      body.put("link", notification.link().toString());
    }
    notification.snapshot().ifPresent(incident -> body.set("incident", Json.MAPPER.valueToTree(incident)));
    if (notification.ack() != null) {
      body.set("ack", Json.MAPPER.valueToTree(notification.ack()));
    }
    return body;
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
