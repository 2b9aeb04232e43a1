package io.causeway.benchmarks.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A NAB-layout folder: {@code data/<category>/<file>.csv} ({@code timestamp,value}), {@code
 * labels/combined_windows.json} and {@code config/profiles.json}. Only files that have an entry in
 * the labels are part of the corpus, as in NAB.
 */
public final class NabCorpus {

  static final double PROBATION_PERCENT = 0.15;

  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd()
      .toFormatter();

  private final Path root;
  private final List<NabFile> files;
  private final List<NabProfile> profiles;

  private NabCorpus(Path root, List<NabFile> files, List<NabProfile> profiles) {
    this.root = root;
    this.files = List.copyOf(files);
    this.profiles = List.copyOf(profiles);
  }

  /** Loads every labelled file of the folder, sorted by name. */
  public static NabCorpus load(Path root) throws IOException {
    Path labels = root.resolve("labels/combined_windows.json");
    Path profiles = root.resolve("config/profiles.json");
    for (Path required : List.of(root.resolve("data"), labels, profiles)) {
      if (!Files.exists(required)) {
        throw new IllegalArgumentException(root + " is not a NAB folder: " + required + " is missing");
      }
    }
    JsonNode windowsByFile = new ObjectMapper().readTree(labels.toFile());
    List<NabFile> files = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = windowsByFile.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Path csv = root.resolve("data").resolve(entry.getKey());
      if (Files.exists(csv)) {
        files.add(readFile(entry.getKey(), csv, windows(entry.getKey(), entry.getValue())));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(root + ": no data file named in " + labels + " exists under data/");
    }
    files.sort((a, b) -> a.name().compareTo(b.name()));
    return new NabCorpus(root, files, NabProfile.read(profiles));
  }

  /** A corpus of files already in memory (tests), sorted by name as {@link #load} sorts them. */
  static NabCorpus of(Path root, List<NabFile> files, List<NabProfile> profiles) {
    List<NabFile> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    return new NabCorpus(root, sorted, profiles);
  }

  /** These files (of this corpus) alone, as a corpus of their own: a fold to score. */
  public NabCorpus subset(List<NabFile> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a corpus needs at least one file");
    }
    return new NabCorpus(root, members, profiles);
  }

  public Path root() {
    return root;
  }

  public List<NabFile> files() {
    return files;
  }

  public List<NabProfile> profiles() {
    return profiles;
  }

  public NabProfile profile(String name) {
    return profiles.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no profile " + name + " in " + root.resolve("config/profiles.json")));
  }

  /** Number of labelled windows over all files: the perfect detector's count of true positives. */
  public int windowCount() {
    return files.stream().mapToInt(f -> f.windows().size()).sum();
  }

  /**
   * A published detector's per-row anomaly scores for one file, from a results folder laid out as
   * NAB's {@code results/<detector>/<category>/<detector>_<file>.csv}.
   */
  public static double[] readResultScores(Path detectorResults, String detector, NabFile file) throws IOException {
    int slash = file.name().lastIndexOf('/');
    Path csv = detectorResults.resolve(file.name().substring(0, slash + 1) + detector + "_" + file.name().substring(slash + 1));
    List<CSVRecord> rows = readCsv(csv);
    if (rows.size() != file.length()) {
      throw new IllegalArgumentException(csv + " has " + rows.size() + " rows, the data file " + file.length());
    }
    double[] scores = new double[rows.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = Double.parseDouble(rows.get(i).get("anomaly_score"));
    }
    return scores;
  }

  static LocalDateTime parseTimestamp(String text, Path source) {
    try {
      return LocalDateTime.parse(text.strip(), TIMESTAMP);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(source + ": bad timestamp '" + text + "' (want yyyy-MM-dd HH:mm:ss[.ffffff])", e);
    }
  }

  private static List<NabFile.Window> windows(String name, JsonNode limits) {
    List<NabFile.Window> windows = new ArrayList<>();
    for (JsonNode limit : limits) {
      Path source = Path.of("combined_windows.json", name);
      windows.add(new NabFile.Window(parseTimestamp(limit.get(0).asText(), source), parseTimestamp(limit.get(1).asText(), source)));
    }
    return windows;
  }

  private static NabFile readFile(String name, Path csv, List<NabFile.Window> windows) throws IOException {
    List<CSVRecord> rows = readCsv(csv);
    LocalDateTime[] timestamps = new LocalDateTime[rows.size()];
    double[] values = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      timestamps[i] = parseTimestamp(rows.get(i).get("timestamp"), csv);
      values[i] = Double.parseDouble(rows.get(i).get("value"));
    }
    return new NabFile(name, timestamps, values, windows);
  }

  private static List<CSVRecord> readCsv(Path csv) throws IOException {
    try (Reader reader = Files.newBufferedReader(csv)) {
      // The constructor, not format.parse(..): commons-csv 1.14's parse needs a newer commons-io than
      // the one Flink brings onto the launcher's classpath (NoSuchMethodError getReader()).
      return new CSVParser(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()).getRecords();
    }
  }
}
