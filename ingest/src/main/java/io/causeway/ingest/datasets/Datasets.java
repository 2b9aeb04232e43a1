package io.causeway.ingest.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the public datasets (Loghub-2k, NAB, Nezha): {@code $CAUSEWAY_DATASETS} if set, else the
 * {@code causeway.datasets} system property, else {@code ../shared/datasets} beside the project
 * (the launcher tells where the project is with {@code causeway.home}; tests walk up from their
 * working folder to find it).
 */
public final class Datasets {

  public static final String ENV = "CAUSEWAY_DATASETS";

  private Datasets() {}

  /** The datasets folder, if one can be found. */
  public static Optional<Path> root() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return existing(Path.of(env));
    }
    String property = System.getProperty("causeway.datasets");
    if (property != null && !property.isBlank()) {
      return existing(Path.of(property));
    }
    String home = System.getProperty("causeway.home");
    if (home != null && !home.isBlank()) {
      return existing(Path.of(home).resolve("../shared/datasets").normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/datasets").normalize();
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** One dataset's folder ({@code nab}, {@code loghub-2k}, {@code nezha}), if present. */
  public static Optional<Path> dataset(String name) {
    return root().map(r -> r.resolve(name)).filter(Files::isDirectory);
  }

  /** Why a dataset is missing, for a test's skip message or a benchmark's error. */
  public static String whereToGet(String name) {
    return "dataset '" + name + "' not found: set " + ENV + " to a folder holding " + name
        + "/ (see README, Datasets), or put it in ../shared/datasets beside the project";
  }

  private static Optional<Path> existing(Path path) {
    return Files.isDirectory(path) ? Optional.of(path.toAbsolutePath().normalize()) : Optional.empty();
  }
}
