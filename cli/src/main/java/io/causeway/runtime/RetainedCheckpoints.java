package io.causeway.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One job's checkpoints in a folder of its own that outlives the process ({@code <dir>/<job id>/chk-N}),
 * retained when the job is cancelled, so that the next start resumes from the newest complete one.
 */
public final class RetainedCheckpoints {

  /** Flink's option naming the checkpoint a job starts from. */
  public static final String RECOVERY_PATH = "execution.state-recovery.path";

  private static final String METADATA = "_metadata";
  private static final String CHECKPOINT_PREFIX = "chk-";

  private final Path jobDir;

  public RetainedCheckpoints(Path jobDir) {
    this.jobDir = jobDir;
  }

  /** The newest complete checkpoint (one whose metadata was written), of any earlier run of the job. */
  public Optional<Path> newest() {
    if (!Files.isDirectory(jobDir)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(jobDir)) {
      return runs.filter(Files::isDirectory).flatMap(RetainedCheckpoints::checkpointsOf)
          .filter(checkpoint -> Files.isRegularFile(checkpoint.resolve(METADATA)))
          .max(Comparator.comparing(RetainedCheckpoints::lastModified).thenComparing(RetainedCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + jobDir, e);
    }
  }

  /** The job's settings: checkpoints into this folder, kept on cancel, and resumed from the newest if any. */
  public Map<String, String> jobSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("execution.checkpointing.dir", jobDir.toUri().toString());
    settings.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    newest().ifPresent(checkpoint -> settings.put(RECOVERY_PATH, checkpoint.toUri().toString()));
    return settings;
  }

  private static Stream<Path> checkpointsOf(Path run) {
    try (Stream<Path> entries = Files.list(run)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX)).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + run, e);
    }
  }

  private static long lastModified(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve(METADATA)).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint, e);
    }
  }

  private static long number(Path checkpoint) {
    String name = checkpoint.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
