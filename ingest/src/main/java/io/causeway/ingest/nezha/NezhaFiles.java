package io.causeway.ingest.nezha;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;

/** The files of a Nezha-layout folder: {@code trace/}, {@code log/}, {@code metric/}, each also under {@code normal/}. */
final class NezhaFiles {

  /** Nezha's tables: comma-separated, a header row naming the columns. */
  static final CSVFormat HEADED_CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();

  private NezhaFiles() {}

  static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Files under {@code folder} whose name matches {@code regex}, in a stable order. */
  static List<Path> find(Path folder, String regex) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
    }
  }

  static boolean inNormalWindow(Path file) {
    for (Path part : file) {
      if (part.toString().equals("normal")) {
        return true;
      }
    }
    return false;
  }
}
