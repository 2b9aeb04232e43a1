package io.causeway.ingest.changes;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Whether a request comes from the configured sender; every comparison is constant-time. */
interface RequestCheck {

  /** @return null when accepted, otherwise why not (for the 401 message) */
  String refusal(byte[] body, Function<String, String> header);

  static RequestCheck none() {
    return (body, header) -> null;
  }

  /** A shared secret sent verbatim in a header. */
  static RequestCheck token(String headerName, String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return (body, header) -> {
      String given = header.apply(headerName);
      if (given == null) {
        return "header " + headerName + " is required";
      }
      return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8)) ? null : "header " + headerName + " does not match";
    };
  }

  /** GitHub's {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. */
  static RequestCheck hubSignature(String secret) {
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    String headerName = "X-Hub-Signature-256";
    return (body, header) -> {
      String given = header.apply(headerName);
      if (given == null) {
        return "header " + headerName + " is required";
      }
      byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmac(key, body))).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, given.strip().getBytes(StandardCharsets.US_ASCII)) ? null : "header " + headerName + " does not match the body";
    };
  }

  static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
