package io.causeway.ingest.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChangesCommandTest {

  @Test
  void commandIsListedForTheLauncher() throws Exception {
    List<String> listed = new java.util.ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/causeway/commands"))) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
        reader.lines().map(String::strip).forEach(listed::add);
      }
    }

    assertThat(listed).contains(ChangesCommand.class.getName());
    assertThat(new CommandLine(ChangesCommand.class).getCommandName()).isEqualTo("changes");
  }

  @Test
  void optionsDefaultToLoopbackPort8090AndTheChangesAndDeadLetterTopics() {
    ChangesCommand command = new ChangesCommand();
    new CommandLine(command).parseArgs("--bootstrap-servers", "broker:9092", "--token", "t");

    assertThat(command.bootstrapServers).isEqualTo("broker:9092");
    assertThat(command.port).isEqualTo(8090);
    assertThat(command.bind).isEqualTo("127.0.0.1");
    assertThat(command.topic).isEqualTo("telemetry.changes");
    assertThat(command.deadLetterTopic).isEqualTo("deadletter");
    assertThat(command.token).isEqualTo("t");
  }

  @Test
  void receiverWithoutSinkOrWithImpossiblePortFailsAtBuildSayingWhatToDo() {
    assertThatThrownBy(() -> ChangeReceiver.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ChangeSink");
    assertThatThrownBy(() -> ChangeReceiver.builder().sink(new InMemoryChangeSink()).bind("127.0.0.1", 70000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
  }
}
