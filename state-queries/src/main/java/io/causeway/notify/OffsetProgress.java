package io.causeway.notify;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metadata of a mid-record offset commit: while one incident record is delivered sink by
 * sink, the notifier commits the record's own offset with the sinks that already took it, so a
 * restart resumes at that record and skips them. Form: {@code notify-v1 <offset> <sink>,<sink>}.
 */
final class OffsetProgress {

  private static final String PREFIX = "notify-v1 ";

  private OffsetProgress() {}

  static String metadata(long offset, Collection<String> sinks) {
    return PREFIX + offset + " " + String.join(",", sinks);
  }

  /** The sinks that took the record at {@code offset}, or none when the metadata is about another. */
  static Set<String> sinksIn(String metadata, long offset) {
    Set<String> sinks = new LinkedHashSet<>();
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return sinks;
    }
    String[] parts = metadata.substring(PREFIX.length()).split(" ", 2);
    if (parts.length == 2 && parts[0].equals(Long.toString(offset))) {
      Arrays.stream(parts[1].split(",")).filter(s -> !s.isBlank()).forEach(sinks::add);
    }
    return sinks;
  }
}
