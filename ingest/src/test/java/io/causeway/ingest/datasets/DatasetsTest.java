package io.causeway.ingest.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path folder;

  @AfterEach
  void clearProperty() {
    System.clearProperty("causeway.datasets");
  }

  @Test
  void aSystemPropertyPointsAtTheDatasets() throws Exception {
    Files.createDirectories(folder.resolve("nab"));
    System.setProperty("causeway.datasets", folder.toString());

    assertThat(Datasets.dataset("nab")).contains(folder.resolve("nab").toAbsolutePath().normalize());
    assertThat(Datasets.dataset("loghub-2k")).isEmpty();
  }

  @Test
  void theMissingMessageSaysWhereToPutThem() {
    assertThat(Datasets.whereToGet("nezha")).contains("CAUSEWAY_DATASETS").contains("nezha/");
  }
}
