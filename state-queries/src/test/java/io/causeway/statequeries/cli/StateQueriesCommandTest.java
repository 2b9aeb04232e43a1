package io.causeway.statequeries.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.statequeries.StateQueriesConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StateQueriesCommandTest {

  @Test
  void flagsBecomeTheServiceSettings() {
    StateQueriesCommand command = new StateQueriesCommand();
    new CommandLine(command).parseArgs("--bootstrap-servers", "kafka:9092", "--port", "0", "--data-dir", "/tmp/sq-data",
        "--token", "t", "--topic-prefix", "staging.", "--retention", "2d", "--anomaly-open-for", "90s");

    StateQueriesConfig config = command.config();

    assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.port()).isZero();
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/sq-data"));
    assertThat(config.token()).isEqualTo("t");
    assertThat(config.topics().of(io.causeway.schemas.Topic.INCIDENTS)).isEqualTo("staging.incidents");
    assertThat(config.retention()).isEqualTo(Duration.ofDays(2));
    assertThat(config.anomalyOpenFor()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void aMissingBrokerOrAWrongDurationIsAUsageErrorWithExitCode2() {
    CommandLine line = new CommandLine(new StateQueriesCommand());
    line.setErr(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()));

    assertThat(line.execute("--port", "0")).isEqualTo(2);
    assertThat(line.execute("--bootstrap-servers", "k:9092", "--retention", "a week")).isEqualTo(2);
  }

  @Test
  void theLauncherFindsTheCommandAndTheDemoCompanionByTheirResources() throws Exception {
    assertThat(listed("META-INF/causeway/commands").lines())
        .containsExactlyInAnyOrder(StateQueriesCommand.class.getName(), FeedbackCommand.class.getName(),
            "io.causeway.notify.cli.NotifyCommand", "io.causeway.notify.cli.AckCommand", "io.causeway.notify.cli.SilenceCommand");
    assertThat(Class.forName(listed("META-INF/causeway/demo-companions")))
        .isAssignableTo(io.causeway.launcher.DemoCompanion.class);
  }

  private static String listed(String resource) throws Exception {
    try (InputStream in = StateQueriesCommandTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
