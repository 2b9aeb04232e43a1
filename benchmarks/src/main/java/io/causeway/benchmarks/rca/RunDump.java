package io.causeway.benchmarks.rca;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Incident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one replay of one day produced, written as Avro JSON (one record a line) so that it can be
 * read back: the anomalies and graph edges the correlation job saw, and its incident snapshots.
 * The offline harness ({@code bench rca --from-dump}) feeds them through the ranking again.
 */
record RunDump(List<Anomaly> anomalies, List<DependencyEdge> edges, List<Incident> snapshots) {

  static String prefix(Path day, SignalTier tier) {
    return day.getFileName() + "-" + tier.name().toLowerCase(Locale.ROOT);
  }

  void write(Path dir, String prefix) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(prefix + "-anomalies.jsonl"), lines(anomalies, Anomaly.getClassSchema()));
    Files.write(dir.resolve(prefix + "-edges.jsonl"), lines(edges, DependencyEdge.getClassSchema()));
    Files.write(dir.resolve(prefix + "-incidents.jsonl"), lines(snapshots, Incident.getClassSchema()));
  }

  static boolean exists(Path dir, String prefix) {
    return Files.isRegularFile(dir.resolve(prefix + "-anomalies.jsonl")) && Files.isRegularFile(dir.resolve(prefix + "-edges.jsonl"));
  }

  static RunDump read(Path dir, String prefix) throws IOException {
    Path incidents = dir.resolve(prefix + "-incidents.jsonl");
    return new RunDump(
        records(dir.resolve(prefix + "-anomalies.jsonl"), Anomaly.getClassSchema()),
        records(dir.resolve(prefix + "-edges.jsonl"), DependencyEdge.getClassSchema()),
        Files.exists(incidents) ? records(incidents, Incident.getClassSchema()) : List.of());
  }

  private static <T extends SpecificRecord> List<String> lines(List<T> records, Schema schema) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    List<String> lines = new ArrayList<>();
    for (T record : records) {
      try {
        var bytes = new java.io.ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, bytes);
        writer.write(record, encoder);
        encoder.flush();
        lines.add(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  private static <T extends SpecificRecord> List<T> records(Path file, Schema schema) throws IOException {
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, SpecificData.getForSchema(schema));
    List<T> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        records.add(reader.read(null, DecoderFactory.get().jsonDecoder(schema, line)));
      }
    }
    return records;
  }
}
