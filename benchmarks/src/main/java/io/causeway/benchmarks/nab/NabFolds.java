package io.causeway.benchmarks.nab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code bench nab} splits the corpus for leave-one-out: every category (the folder under
 * {@code data/}) or every file is a fold, or nothing is held out (the in-sample run).
 */
public enum NabFolds {
  /** No fold is held out: constants and thresholds are chosen on the files they score. */
  NONE,
  /** Each category is held out in turn. */
  CATEGORY,
  /** Each file is held out in turn. */
  FILE;

  /** A fold: the files held out together. */
  public record Fold(String name, List<NabFile> files) {

    public Fold {
      files = List.copyOf(files);
    }

    public int windowCount() {
      return files.stream().mapToInt(f -> f.windows().size()).sum();
    }

    public boolean holds(String fileName) {
      return files.stream().anyMatch(f -> f.name().equals(fileName));
    }
  }

  /** The folds of these files, in the files' order; {@link #NONE} gives one fold of every file. */
  public List<Fold> split(List<NabFile> files) {
    Map<String, List<NabFile>> byKey = new LinkedHashMap<>();
    for (NabFile file : files) {
      byKey.computeIfAbsent(key(file), k -> new ArrayList<>()).add(file);
    }
    List<Fold> folds = new ArrayList<>();
    byKey.forEach((name, members) -> folds.add(new Fold(name, members)));
    return folds;
  }

  /** The value picocli and the README use: {@code none}, {@code category}, {@code file}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  private String key(NabFile file) {
    return switch (this) {
      case NONE -> "all";
      case CATEGORY -> category(file.name());
      case FILE -> file.name();
    };
  }

  static String category(String fileName) {
    int slash = fileName.indexOf('/');
    return slash < 0 ? "" : fileName.substring(0, slash);
  }
}
