package io.causeway.benchmarks.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A benchmark's temporary folder (Kafka logs, checkpoints), removed when it is done. */
public final class WorkDirs {

  private WorkDirs() {}

  /** Deletes {@code dir} and everything below it; says on stderr what could not be removed. */
  public static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
