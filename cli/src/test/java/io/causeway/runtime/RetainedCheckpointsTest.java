package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next run resumes from the newest complete checkpoint of any earlier run, or starts afresh. */
class RetainedCheckpointsTest {

  @TempDir Path jobDir;

  @Test
  void theNewestCompleteCheckpointOfAnyEarlierRunIsResumed() throws Exception {
    checkpoint("run-a", "chk-9", Instant.parse("2026-12-01T10:00:00Z"));
    Path newest = checkpoint("run-b", "chk-3", Instant.parse("2026-12-02T10:00:00Z"));
    Files.createDirectories(jobDir.resolve("run-b").resolve("chk-4")); // still being written: no metadata
    Files.createDirectories(jobDir.resolve("run-b").resolve("shared"));

    RetainedCheckpoints checkpoints = new RetainedCheckpoints(jobDir);

    assertThat(checkpoints.newest()).contains(newest);
    assertThat(checkpoints.jobSettings())
        .containsEntry(RetainedCheckpoints.RECOVERY_PATH, newest.toUri().toString())
        .containsEntry("execution.checkpointing.dir", jobDir.toUri().toString())
        .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
  }

  @Test
  void withoutACompleteCheckpointTheJobStartsAfresh() throws Exception {
    Files.createDirectories(jobDir.resolve("run-a").resolve("chk-1"));

    RetainedCheckpoints checkpoints = new RetainedCheckpoints(jobDir);

    assertThat(checkpoints.newest()).isEmpty();
    assertThat(checkpoints.jobSettings()).doesNotContainKey(RetainedCheckpoints.RECOVERY_PATH);
    assertThat(new RetainedCheckpoints(jobDir.resolve("never-run")).newest()).isEmpty();
  }

  private Path checkpoint(String run, String name, Instant written) throws Exception {
    Path dir = Files.createDirectories(jobDir.resolve(run).resolve(name));
    Path metadata = Files.writeString(dir.resolve("_metadata"), "metadata");
    Files.setLastModifiedTime(metadata, FileTime.from(written));
    return dir;
  }
}
