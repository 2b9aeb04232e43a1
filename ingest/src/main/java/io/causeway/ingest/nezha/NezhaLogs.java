package io.causeway.ingest.nezha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import java.io.IOException;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Nezha's log tables ({@code Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log},
 * the last column the container runtime's JSON {@code {"log": "...", "stream": ...}}) into our
 * log records, with the severity read from the line and the pod mapped to its service.
 */
public final class NezhaLogs {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The first level word in a line, as log4j/logback/Go loggers print it. */
  private static final Pattern LEVEL = Pattern.compile("\\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\\b");
  private static final int LEVEL_SEARCH = 80;
  private static final String HEADER = "Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log";

  private final PodNames podNames;

  public NezhaLogs(PodNames podNames) {
    this.podNames = podNames;
  }

  /**
   * Reads one table. The first seven columns never hold a comma; the last is one quoted field
   * (CSV quoting, quotes doubled) holding the runtime's JSON. Some lines of the public data have
   * quoting that strict CSV parsers reject, so the row is split on its first seven commas.
   */
  public List<LogRecord> read(Path file) throws IOException {
    List<Timed> records = new ArrayList<>();
    try (BufferedReader reader = NezhaFiles.open(file)) {
      String header = reader.readLine();
      if (header == null || !header.strip().equals(HEADER)) {
        throw new IOException(file + " is not a Nezha log table; its header is " + header);
      }
      int row = 1;
      for (String line; (line = reader.readLine()) != null; ) {
        row++;
        if (!line.isBlank()) {
          String[] fields = line.split(",", 8);
          records.add(new Timed(timestampOf(fields[0], fields.length > 1 ? fields[1] : "0"), toLogRecord(fields, file, row)));
        }
      }
    }
    records.sort(Comparator.comparing(Timed::at));
    return records.stream().map(Timed::record).toList();
  }

  /**
   * A record with its time to the nanosecond. The tables list a request's lines newest first,
   * and a record keeps milliseconds only: lines logged within one millisecond (a method's
   * consecutive lines often are) would lose their order, which is the order of the code.
   */
  private record Timed(Instant at, LogRecord record) {}

  private LogRecord toLogRecord(String[] f, Path file, int row) throws IOException {
    if (f.length != 8) {
      throw new IOException(file + " row " + row + ": expected 8 columns, found " + f.length);
    }
    try {
      String pod = f[3];
      String body = bodyOf(unquote(f[7]));
      return LogRecord.newBuilder()
          .setService(podNames.serviceOf(pod))
          .setTimestamp(timestampOf(f[0], f[1]))
          .setSeverity(severityOf(body))
          .setBody(body)
          .setTraceId(emptyToNull(f[5]))
          .setSpanId(emptyToNull(f[6]))
          .setAttributes(Map.of("k8s.pod.name", pod, "k8s.node.name", f[2], "k8s.container.name", f[4]))
          .build();
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " row " + row + ": " + e.getMessage(), e);
    }
  }

  /**
   * The row's time: {@code TimeUnixNano}, unless it is broken (some public rows carry
   * -6795364578871345152 there), then the ISO {@code Timestamp} column read as UTC.
   */
  static Instant timestampOf(String isoTimestamp, String unixNanos) {
    long nanos = Long.parseLong(unixNanos);
    if (nanos > 0) {
      return Instant.ofEpochSecond(0, nanos);
    }
    String iso = isoTimestamp.strip();
    return iso.endsWith("Z") ? Instant.parse(iso) : java.time.LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
  }

  private static String unquote(String field) {
    String f = field.strip();
    if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
      return f.substring(1, f.length() - 1).replace("\"\"", "\"");
    }
    return f;
  }

  /** The line itself, out of the container runtime's JSON wrapper when there is one. */
  static String bodyOf(String raw) throws IOException {
    String trimmed = raw.strip();
    if (trimmed.startsWith("{")) {
      JsonNode node = JSON.readTree(trimmed);
      if (node.hasNonNull("log")) {
        return node.get("log").asText().stripTrailing();
      }
    }
    return trimmed;
  }

  static Severity severityOf(String body) {
    Matcher m = LEVEL.matcher(body.substring(0, Math.min(body.length(), LEVEL_SEARCH)));
    if (!m.find()) {
      return Severity.UNKNOWN;
    }
    return switch (m.group(1)) {
      case "TRACE" -> Severity.TRACE;
      case "DEBUG" -> Severity.DEBUG;
      case "INFO" -> Severity.INFO;
      case "WARN", "WARNING" -> Severity.WARN;
      case "ERROR", "SEVERE" -> Severity.ERROR;
      default -> Severity.FATAL;
    };
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
