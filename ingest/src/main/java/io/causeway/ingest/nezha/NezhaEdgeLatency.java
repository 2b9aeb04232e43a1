package io.causeway.ingest.nezha;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.schemas.EdgeMetrics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a service mesh's per-edge latency table, one row a minute and one column per call edge
 * named {@code caller_callee}: {@value #CALLER_SIDE_TABLE}, each edge's median latency in seconds
 * as the caller's proxy measured it. Each cell becomes an edge metric point ({@link EdgeMetrics}):
 * the callee's {@value EdgeMetrics#LATENCY_P50} with the caller in its label, in milliseconds.
 *
 * <p>Why the caller's side: a delay on a pod's network shows on the calls into it as their callers
 * see them, while the pod's own figures, and the callee-side table ({@code destination_50.csv}),
 * stay flat. Until now only the traces, which exist for a few minutes around each fault, gave
 * that view; the table gives it for the whole day, for every edge.
 *
 * <p>A column names its edge by the two services joined by an underscore; the folder's {@code
 * dependency.csv} ({@code Source,Target}) says where a name with more than one underscore splits.
 */
public final class NezhaEdgeLatency {

  static final String CALLER_SIDE_TABLE = "source_50.csv";
  private static final String DEPENDENCIES = "dependency.csv";
  private static final Set<String> NOT_EDGES = Set.of("time", "timestamp");

  record Edge(String caller, String callee) {}

  /** The caller-side table's points, or none when the folder has no such table. */
  public List<MetricPoint> readFolder(Path metricFolder) throws IOException {
    Path table = either(metricFolder, CALLER_SIDE_TABLE);
    if (table == null) {
      return List.of();
    }
    Path dependencies = either(metricFolder, DEPENDENCIES);
    return read(table, dependencies == null ? Set.of() : knownEdges(dependencies));
  }

  List<MetricPoint> read(Path table, Set<Edge> knownEdges) throws IOException {
    List<MetricPoint> points = new ArrayList<>();
    try (Reader reader = NezhaFiles.open(table);
        CSVParser csv = NezhaFiles.HEADED_CSV.parse(reader)) {
      Map<String, Edge> edges = new HashMap<>();
      for (String column : csv.getHeaderNames()) {
        if (!NOT_EDGES.contains(column.toLowerCase(java.util.Locale.ROOT))) {
          edges.put(column, edgeOf(column, knownEdges, table));
        }
      }
      for (CSVRecord row : csv) {
        Instant at = NezhaMetrics.sampledAt(row);
        edges.forEach((column, edge) ->
            NezhaMetrics.parse(row.get(column)).ifPresent(seconds -> points.add(point(edge, at, seconds * 1000))));
      }
    } catch (NumberFormatException e) {
      throw new IOException(table + ": " + e.getMessage(), e);
    }
    return points;
  }

  /** The edge a column names: the known edge it spells, else its two halves around its only underscore. */
  static Edge edgeOf(String column, Set<Edge> knownEdges, Path table) throws IOException {
    for (Edge known : knownEdges) {
      if (column.equals(known.caller() + "_" + known.callee())) {
        return known;
      }
    }
    int split = column.indexOf('_');
    if (split <= 0 || split != column.lastIndexOf('_') || split == column.length() - 1) {
      throw new IOException(table + ": column '" + column + "' does not name a call edge caller_callee"
          + (knownEdges.isEmpty() ? " (no dependency.csv beside it to say where it splits)" : " known to dependency.csv"));
    }
    return new Edge(column.substring(0, split), column.substring(split + 1));
  }

  private static Set<Edge> knownEdges(Path dependencies) throws IOException {
    Set<Edge> edges = new HashSet<>();
    try (Reader reader = NezhaFiles.open(dependencies);
        CSVParser csv = NezhaFiles.HEADED_CSV.parse(reader)) {
      for (CSVRecord row : csv) {
        edges.add(new Edge(row.get("Source"), row.get("Target")));
      }
    }
    return edges;
  }

  private static Path either(Path folder, String name) {
    for (Path candidate : List.of(folder.resolve(name), folder.resolve(name + ".gz"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static MetricPoint point(Edge edge, Instant at, double millis) {
    return MetricPoint.newBuilder()
        .setService(edge.callee())
        .setName(EdgeMetrics.LATENCY_P50)
        .setLabels(Map.of(EdgeMetrics.CALLER, edge.caller()))
        .setTimestamp(at)
        .setValue(millis)
        .setType(MetricType.GAUGE)
        .setUnit("ms")
        .build();
  }
}
