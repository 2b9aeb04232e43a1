package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's processes write their logs to the cluster's log folder: Flink logs through the
 * SLF4J 2 API, which needs the SLF4J 2 binding on the processes' classpath (with a 1.x binding
 * alone every log file stays empty). A JobManager alone is enough to show it.
 */
class FlinkClusterLogsITCase {

  private static final Path BASE_CONFIG = Path.of("..", "deploy", "flink", "config.yaml");

  @TempDir Path workDir;

  @Test
  void theJobManagerLogsItsStartToTheClustersLogFolder() throws Exception {
    Path log = workDir.resolve("flink").resolve("log").resolve("jobmanager.log");
    try (FlinkCluster cluster = FlinkCluster.start(workDir.resolve("flink"), BASE_CONFIG, 0, Map.of())) {
      assertThat(log).as("the JobManager's log file").isNotEmptyFile();
      assertThat(Files.readString(log)).contains("Starting StandaloneSessionClusterEntrypoint");
    }
  }
}
