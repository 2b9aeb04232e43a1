package io.causeway.ingest.nezha;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads Nezha's one-minute metric tables into metric points: per pod ({@code <pod>_metric.csv},
 * CPU, memory, latency quantiles, workload, success rate, node figures) and for the entry
 * ({@code front_service.csv}). Columns we know get OpenTelemetry-style names in base units
 * (ratios in [0,1], milliseconds); a success rate or availability in percent becomes the error
 * ratio it implies ({@value #ERROR_RATIO}); the rest keep their own name under {@code nezha.}.
 */
public final class NezhaMetrics {

  /** The entry service of the front-end table. */
  public static final String FRONTEND = "frontend";

  /** The share of the service's requests that failed, in [0,1]: what a success rate leaves out. */
  public static final String ERROR_RATIO = "server.error.ratio";

  /** What a column becomes: a name, a unit, and how a reading converts to that unit. */
  private record Column(String name, String unit, DoubleUnaryOperator convert) {
    Column(String name, String unit, double scale) {
      this(name, unit, v -> v * scale);
    }
  }

  private static final Map<String, Column> KNOWN =
      Map.ofEntries(
          Map.entry("CpuUsageRate(%)", new Column("container.cpu.utilization", "1", 0.01)),
          Map.entry("MemoryUsageRate(%)", new Column("container.memory.utilization", "1", 0.01)),
          Map.entry("PodServerLatencyP90(s)", new Column("server.latency.p90", "ms", 1000)),
          Map.entry("PodServerLatencyP99(s)", new Column("server.latency.p99", "ms", 1000)),
          Map.entry("PodClientLatencyP90(s)", new Column("client.latency.p90", "ms", 1000)),
          Map.entry("PodClientLatencyP99(s)", new Column("client.latency.p99", "ms", 1000)),
          Map.entry("PodWorkload(Ops)", new Column("server.requests.rate", "1/s", 1)),
          Map.entry("LatencyP50(s)", new Column("server.latency.p50", "ms", 1000)),
          Map.entry("LatencyP90(s)", new Column("server.latency.p90", "ms", 1000)),
          Map.entry("LatencyP99(s)", new Column("server.latency.p99", "ms", 1000)));

  /**
   * Not measures, or the same measure twice: raw CPU millicores and memory MiB repeat the
   * utilisation ratios, and one figure counted as two signals would weigh double in a ranking.
   */
  private static final java.util.Set<String> NOT_MEASURES =
      java.util.Set.of("Time", "TimeStamp", "PodName", "ServiceName", "CpuUsage(m)", "MemoryUsage(Mi)");

  /** Date, time to the second (the fraction is dropped, as the numeric stamps drop it) and offset. */
  private static final Pattern GO_WALL_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)? ([+-]\\d{4})");
  private static final DateTimeFormatter WALL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");

  private final PodNames podNames;

  public NezhaMetrics(PodNames podNames) {
    this.podNames = podNames;
  }

  public List<MetricPoint> read(Path file) throws IOException {
    List<MetricPoint> points = new ArrayList<>();
    try (Reader reader = NezhaFiles.open(file);
        CSVParser csv = NezhaFiles.HEADED_CSV.parse(reader)) {
      List<String> columns = csv.getHeaderNames().stream().filter(c -> !NOT_MEASURES.contains(c) && !isNodeColumn(c)).toList();
      boolean front = csv.getHeaderNames().contains("ServiceName");
      List<CSVRecord> rows = csv.getRecords();
      Set<String> errorColumns = columns.stream().filter(c -> isSuccessPercentage(c) && measured(rows, c)).collect(Collectors.toSet());
      for (CSVRecord row : rows) {
        String pod = front ? FRONTEND : row.get("PodName");
        String service = front ? FRONTEND : podNames.serviceOf(pod);
        Instant at = sampledAt(row);
        for (String column : columns) {
          Column meaning = errorColumns.contains(column) ? ERROR_RATIO_OF_SUCCESS : KNOWN.getOrDefault(column, new Column("nezha." + column, null, 1));
          parse(row.get(column)).ifPresent(v -> points.add(point(service, pod, meaning, at, v)));
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return points;
  }

  private static final Column ERROR_RATIO_OF_SUCCESS = new Column(ERROR_RATIO, "1", NezhaMetrics::errorRatio);

  /**
   * Whether a column is the share of requests that succeeded, in percent ({@code SuccessRate(%)},
   * {@code PodSuccessRate(%)}, an availability): its fall is the service failing requests, an error
   * signal, whatever the dataset calls it.
   */
  static boolean isSuccessPercentage(String column) {
    String name = column.toLowerCase(Locale.ROOT);
    return (name.contains("success") || name.contains("availab")) && name.endsWith("(%)");
  }

  /**
   * Whether a success rate was measured: one that reads 0 on every row of the table was not (both
   * Nezha days hold such columns, for pods that served requests all day at normal latencies); read
   * as an error ratio it would say every request failed. It is kept under its own name, as any
   * column we do not know.
   */
  private static boolean measured(List<CSVRecord> rows, String column) {
    return rows.stream().map(r -> parse(r.get(column))).anyMatch(v -> v.isPresent() && v.getAsDouble() != 0);
  }

  /**
   * When the row was sampled, to the second: its wall time ({@code Time}, as Go prints a time:
   * {@code 2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869}) when it has one, else its
   * epoch seconds ({@code TimeStamp}). The wall time wins because the numeric stamp is not always
   * right: on the Online Boutique day of 2022-08-22 the pods' stamps are 200,000,000 s ahead of
   * their wall times (and of the entry service's stamps), as the fault lists' numeric stamps are
   * off on other days.
   */
  static Instant sampledAt(CSVRecord row) {
    String time = cell(row, "Time");
    if (time != null) {
      Matcher wallTime = GO_WALL_TIME.matcher(time);
      if (wallTime.lookingAt()) {
        return OffsetDateTime.parse(wallTime.group(1) + "T" + wallTime.group(2) + wallTime.group(3), WALL_TIME).toInstant();
      }
    }
    String stamp = cell(row, "TimeStamp");
    if (stamp == null) {
      throw new NumberFormatException("row " + row.getRecordNumber() + " has neither a wall time nor a numeric time stamp");
    }
    return Instant.ofEpochSecond(Long.parseLong(stamp));
  }

  /** The row's cell under {@code column}, whatever the case of the header (the edge tables write {@code time}), or null. */
  private static String cell(CSVRecord row, String column) {
    for (String header : row.getParser().getHeaderNames()) {
      if (header.equalsIgnoreCase(column) && row.isSet(header)) {
        return row.get(header);
      }
    }
    return null;
  }

  /**
   * The node's own figures ({@code NodeCpuUsageRate(%)} and the like) repeat on every pod of the
   * node: they describe the machine, not the service, and would make every service on a busy node
   * a suspect.
   */
  static boolean isNodeColumn(String column) {
    return column.startsWith("Node");
  }

  private static MetricPoint point(String service, String pod, Column known, Instant at, double value) {
    return MetricPoint.newBuilder()
        .setService(service)
        .setName(known.name())
        .setLabels(Map.of("pod", pod))
        .setTimestamp(at)
        .setValue(known.convert().applyAsDouble(value))
        .setType(MetricType.GAUGE)
        .setUnit(known.unit())
        .build();
  }

  /** The share of requests that failed, from the percentage that succeeded, kept in [0,1]. */
  static double errorRatio(double successPercent) {
    return Math.min(1, Math.max(0, 1 - successPercent / 100));
  }

  static java.util.OptionalDouble parse(String text) {
    if (text == null || text.isBlank() || text.equalsIgnoreCase("nan")) {
      return java.util.OptionalDouble.empty();
    }
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? java.util.OptionalDouble.of(value) : java.util.OptionalDouble.empty();
  }
}
