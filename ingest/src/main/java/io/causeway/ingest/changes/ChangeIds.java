package io.causeway.ingest.changes;

import io.causeway.avro.ChangeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Ids derived from a change's content, so a retried or redelivered webhook overwrites itself. */
final class ChangeIds {

  private ChangeIds() {}

  static String derive(String source, String service, ChangeType type, Instant timestamp, String... more) {
    StringBuilder content = new StringBuilder()
        .append(source).append('\u0000').append(service).append('\u0000').append(type)
        .append('\u0000').append(timestamp.toEpochMilli());
    for (String part : more) {
      content.append('\u0000').append(part == null ? "" : part);
    }
    return source + "-" + sha256(content.toString()).substring(0, 32);
  }

  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
