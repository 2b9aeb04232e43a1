package io.causeway.benchmarks.loghub;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One system of a Loghub-2k-layout folder: {@code <dir>/<System>/<System>_2k.log_structured_corrected.csv}
 * with its {@code Content} and {@code EventTemplate} columns, in line order.
 */
record LoghubSystem(String name, List<String> contents, List<String> templates) {

  static final String SUFFIX = "_2k.log_structured_corrected.csv";

  /** Every system found under {@code dir}, by name. */
  static List<LoghubSystem> all(Path dir) {
    List<LoghubSystem> systems = new ArrayList<>();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path folder : folders) {
        Path file = folder.resolve(folder.getFileName() + SUFFIX);
        if (Files.isRegularFile(file)) {
          systems.add(read(folder.getFileName().toString(), file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    systems.sort(Comparator.comparing(LoghubSystem::name));
    return systems;
  }

  static LoghubSystem read(String name, Path file) {
    List<String> contents = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    // The constructor, not format.parse(..): commons-csv 1.14's builder path needs a newer
    // commons-io than the one Flink puts on this classpath (NoSuchMethodError getReader()).
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = newParser(reader, format)) {
      for (CSVRecord row : parser) {
        contents.add(row.get("Content"));
        templates.add(row.get("EventTemplate"));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read " + file + " (needs Content and EventTemplate columns): " + e.getMessage(), e);
    }
    return new LoghubSystem(name, List.copyOf(contents), List.copyOf(templates));
  }

  @SuppressWarnings("deprecation")
  private static CSVParser newParser(Reader reader, CSVFormat format) throws IOException {
    return new CSVParser(reader, format);
  }
}
