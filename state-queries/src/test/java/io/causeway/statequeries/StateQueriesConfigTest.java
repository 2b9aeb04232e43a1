package io.causeway.statequeries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StateQueriesConfigTest {

  @Test
  void reportsEveryMissingOrWrongSettingWithTheFlagToFix() {
    assertThatThrownBy(() -> StateQueriesConfig.builder().port(70000).retention(Duration.ZERO).maxLimit(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageContaining("--data-dir")
        .hasMessageContaining("port must be 0 to 65535 (--port), was 70000")
        .hasMessageContaining("retention (--retention) must be positive")
        .hasMessageContaining("--max-limit");
  }

  @Test
  void defaultsToLoopbackPort8080WithoutAToken() {
    StateQueriesConfig config = StateQueriesConfig.builder().bootstrapServers("localhost:9092").dataDir(Path.of("d")).token(" ").build();

    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.token()).isNull();
    assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
  }
}
