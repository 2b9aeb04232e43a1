package io.causeway.ingest.nezha;

import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads Nezha's trace tables ({@code TraceID,SpanID,ParentID,PodName,OperationName,
 * StartTimeUnixNano,EndTimeUnixNano,Duration}, gzip-compressed CSV) into our spans. The public
 * traces carry no span kind and no status: spans are UNSPECIFIED and UNSET, a parent of {@code
 * root} means none, the pod name becomes the instance and {@link PodNames} gives the service.
 */
public final class NezhaTraces {

  private static final String HEADER = "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration";

  private final PodNames podNames;

  public NezhaTraces(PodNames podNames) {
    this.podNames = podNames;
  }

  /** Every trace file under {@code folder} (recursively: {@code trace/} and {@code normal/trace/}). */
  public static List<Path> traceFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.getFileName().toString().matches(".*_trace\\.csv(\\.gz)?")).sorted().toList();
    }
  }

  public List<Span> read(Path file) throws IOException {
    List<Span> spans = new ArrayList<>();
    try (BufferedReader reader = open(file)) {
      String header = reader.readLine();
      if (header == null || !header.strip().equals(HEADER)) {
        throw new IOException(file + " is not a Nezha trace table; its header is " + header);
      }
      String line;
      int row = 1;
      while ((line = reader.readLine()) != null) {
        row++;
        if (!line.isBlank()) {
          spans.add(parse(line, file, row));
        }
      }
    }
    return spans;
  }

  private Span parse(String line, Path file, int row) throws IOException {
    String[] f = line.split(",", -1);
    if (f.length != 8) {
      throw new IOException(file + " row " + row + ": expected 8 columns, found " + f.length);
    }
    try {
      long startNanos = Long.parseLong(f[5]);
      return Span.newBuilder()
          .setTraceId(f[0])
          .setSpanId(f[1])
          .setParentSpanId("root".equals(f[2]) || f[2].isEmpty() ? null : f[2])
          .setService(podNames.serviceOf(f[3]))
          .setInstance(f[3])
          .setOperation(f[4])
          .setKind(SpanKind.UNSPECIFIED)
          .setStartTime(Instant.ofEpochSecond(0, startNanos))
          .setDurationMicros(Long.parseLong(f[7]))
          .setStatus(SpanStatus.UNSET)
          .setAttributes(Map.of())
          .build();
    } catch (NumberFormatException e) {
      throw new IOException(file + " row " + row + ": " + e.getMessage(), e);
    }
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }
}
