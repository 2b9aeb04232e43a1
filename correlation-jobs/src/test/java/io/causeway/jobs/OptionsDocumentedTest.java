package io.causeway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.kafka.KafkaClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the code agree: every option the jobs read is documented with the
 * code's default, no key is documented that the code lacks, and no option is declared outside
 * {@link JobOptions#declaringClasses()}, where this test would not see it.
 */
class OptionsDocumentedTest {

  private static final Path PROJECT = Path.of("..");
  private static final Path CONFIGURATION = PROJECT.resolve("docs/configuration.md");
  /** Read by {@link KafkaClientConfig} for every Kafka client, not as Flink options. */
  private static final Set<String> KAFKA_CLIENT_KEYS = Set.of(KafkaClientConfig.FILE_OPTION, KafkaClientConfig.PREFIX + "<kafka key>");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)");
  private static final Pattern OPTION_DECLARATION = Pattern.compile("ConfigOptions\\s*\\.\\s*key\\s*\\(");

  @Test
  void everyOptionTheJobsReadIsDocumented() throws IOException {
    Set<String> undocumented = codeKeys();
    undocumented.removeAll(documented().defaultsByKey().keySet());

    assertThat(codeKeys()).hasSizeGreaterThan(40);
    assertThat(undocumented).as("options the jobs read that " + CONFIGURATION + " does not list").isEmpty();
  }

  @Test
  void noKeyIsDocumentedThatTheCodeLacks() throws IOException {
    Set<String> unknown = new TreeSet<>(documented().defaultsByKey().keySet());
    unknown.removeAll(codeKeys());
    unknown.removeAll(KAFKA_CLIENT_KEYS);

    assertThat(unknown).as("keys " + CONFIGURATION + " lists that the code does not read").isEmpty();
  }

  @Test
  void theDocumentedDefaultsAreTheCodes() throws IOException {
    DocumentedOptions documented = documented();
    List<String> wrong = new ArrayList<>();
    for (ConfigOption<?> option : JobOptions.all()) {
      Optional<String> written = documented.defaultsByKey().getOrDefault(option.key(), Optional.empty());
      if (!sameDefault(option, written)) {
        wrong.add(option.key() + ": documented " + written.orElse("(none)") + ", code " + codeDefault(option));
      }
    }
    assertThat(wrong).as("defaults that differ between " + CONFIGURATION + " and the code").isEmpty();
  }

  @Test
  void noOptionIsDeclaredOutsideTheOptionClasses() throws IOException {
    Set<String> declaring = JobOptions.declaringClasses().stream().map(c -> c.getSimpleName() + ".java").collect(Collectors.toSet());
    List<String> elsewhere = new ArrayList<>();
    for (String module : List.of("core", "correlation-jobs", "cli", "ingest", "schemas")) {
      try (Stream<Path> files = Files.walk(PROJECT.resolve(module).resolve("src/main/java"))) {
        files.filter(file -> file.toString().endsWith(".java"))
            .filter(file -> !declaring.contains(file.getFileName().toString()))
            .filter(OptionsDocumentedTest::declaresAnOption)
            .forEach(file -> elsewhere.add(file.toString()));
      }
    }
    assertThat(elsewhere).as("sources that declare a Flink option outside " + declaring).isEmpty();
  }

  /** The checks can fail: a row with another default, a missing one and a stray one are all told apart. */
  @Test
  void theTableReaderSeesKeysAndDefaults() {
    DocumentedOptions table = DocumentedOptions.parse(
        """
        | key | default | meaning |
        |---|---|---|
        | `causeway.window` | `7 s` | RED window |
        | `causeway.kafka.bootstrap-servers` | (required) | brokers |
        | `causeway.not-an-option` | `1` | stray |
        not a row: `causeway.event-time.idleness`
        """);

    assertThat(table.defaultsByKey()).containsOnlyKeys("causeway.window", "causeway.kafka.bootstrap-servers", "causeway.not-an-option");
    assertThat(sameDefault(CausewayOptions.WINDOW, table.defaultsByKey().get("causeway.window"))).isFalse();
    assertThat(sameDefault(CausewayOptions.WINDOW, Optional.of("5 s"))).isTrue();
    assertThat(sameDefault(CausewayOptions.BOOTSTRAP_SERVERS, table.defaultsByKey().get("causeway.kafka.bootstrap-servers"))).isTrue();
    assertThat(sameDefault(CausewayOptions.RANKING_MIN_CONFIDENCE, Optional.of("0.35"))).isTrue();
  }

  private static DocumentedOptions documented() throws IOException {
    return DocumentedOptions.parse(Files.readString(CONFIGURATION));
  }

  private static Set<String> codeKeys() {
    return JobOptions.all().stream().map(ConfigOption::key).collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean declaresAnOption(Path source) {
    try {
      return OPTION_DECLARATION.matcher(Files.readString(source)).find();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + source, e);
    }
  }

  private static String codeDefault(ConfigOption<?> option) {
    return option.hasDefaultValue() ? String.valueOf(option.defaultValue()) : "(none)";
  }

  private static boolean sameDefault(ConfigOption<?> option, Optional<String> written) {
    if (!option.hasDefaultValue()) {
      return written.isEmpty();
    }
    if (written.isEmpty()) {
      return false;
    }
    Object code = option.defaultValue();
    String text = written.get();
    if (code instanceof Duration duration) {
      return parseDuration(text).filter(duration::equals).isPresent();
    }
    if (code instanceof Number number) {
      return isNumber(text) && Double.compare(number.doubleValue(), Double.parseDouble(text)) == 0;
    }
    return String.valueOf(code).equalsIgnoreCase(text);
  }

  private static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    });
  }

  private static boolean isNumber(String text) {
    return text.matches("-?\\d+(\\.\\d+)?");
  }
}
