package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsDirectoryTest {

  @TempDir Path folder;

  @Test
  void readsAMountedConfigMapAsKubernetesLaysItOut() throws IOException {
    mountConfigMap(Map.of("causeway.kafka.bootstrap-servers", "kafka-0.kafka:9092\n", "causeway.kafka.topic-prefix", ""));

    assertThat(OptionsDirectory.read(folder))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(
            "causeway.kafka.bootstrap-servers", "kafka-0.kafka:9092", "causeway.kafka.topic-prefix", "")));
  }

  @Test
  void argumentsOverrideTheFolder() throws IOException {
    mountConfigMap(Map.of("causeway.kafka.bootstrap-servers", "kafka:9092", "causeway.window", "10 s"));

    Map<String, String> options = OptionsDirectory.underArguments(Map.of(
        "job", "topology", CausewayOptions.OPTIONS_DIR.key(), folder.toString(), "causeway.window", "2 s"));

    assertThat(options)
        .containsEntry("causeway.kafka.bootstrap-servers", "kafka:9092")
        .containsEntry("causeway.window", "2 s")
        .containsEntry("job", "topology");
    assertThat(JobSettings.from(Configuration.fromMap(options)).bootstrapServers())
        .isEqualTo("kafka:9092");
  }

  @Test
  void withoutAFolderTheArgumentsAreTheOptions() {
    Map<String, String> arguments = Map.of("job", "detection", "causeway.kafka.bootstrap-servers", "k:9092");

    assertThat(OptionsDirectory.underArguments(arguments)).isEqualTo(arguments);
  }

  @Test
  void refusesAFileThatIsNoOptionAndAMissingFolder() throws IOException {
    Files.writeString(folder.resolve("bootstrap-servers"), "kafka:9092");

    assertThatThrownBy(() -> OptionsDirectory.read(folder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap-servers is not a Causeway option");
    assertThatThrownBy(() -> OptionsDirectory.read(folder.resolve("absent")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("causeway.options-dir: no folder");
  }

  /** As the kubelet does: the files in a timestamped folder, {@code ..data} linking to it, one link per key. */
  private void mountConfigMap(Map<String, String> data) throws IOException {
    Path version = Files.createDirectory(folder.resolve("..2026_12_07_12_00_00.123456789"));
    for (Map.Entry<String, String> entry : data.entrySet()) {
      Files.writeString(version.resolve(entry.getKey()), entry.getValue());
    }
    Files.createSymbolicLink(folder.resolve("..data"), version.getFileName());
    for (String key : data.keySet()) {
      Files.createSymbolicLink(folder.resolve(key), Path.of("..data", key));
    }
  }
}
