package io.causeway.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Job options from the folder {@link CausewayOptions#OPTIONS_DIR} names, one file per option (its
 * name the key, its content the value), as Kubernetes mounts a ConfigMap: so the brokers and other
 * settings of a deployment live in one ConfigMap that the jobs and state-queries share, rather than
 * in each job's arguments. Kubernetes also puts {@code ..data} links and timestamped folders there;
 * names starting with {@code ..} are its own and skipped.
 */
final class OptionsDirectory {

  private static final String KUBERNETES_OWN = "..";

  private OptionsDirectory() {}

  /** The arguments over the options of the folder they name, if they name one. */
  static Map<String, String> underArguments(Map<String, String> arguments) {
    String folder = arguments.get(CausewayOptions.OPTIONS_DIR.key());
    if (folder == null || folder.isBlank()) {
      return arguments;
    }
    Map<String, String> merged = new TreeMap<>(read(Path.of(folder.trim())));
    merged.putAll(arguments);
    return merged;
  }

  /** Every option file of the folder, by key; a file that is not a Causeway option is refused. */
  static Map<String, String> read(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(CausewayOptions.OPTIONS_DIR.key() + ": no folder " + folder);
    }
    Map<String, String> options = new TreeMap<>();
    for (Path file : optionFiles(folder)) {
      String key = file.getFileName().toString();
      if (!key.startsWith("causeway.")) {
        throw new IllegalArgumentException(CausewayOptions.OPTIONS_DIR.key() + ": " + file
            + " is not a Causeway option (its name must be a key such as causeway.kafka.bootstrap-servers)");
      }
      options.put(key, content(file));
    }
    return options;
  }

  private static List<Path> optionFiles(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(entry -> !entry.getFileName().toString().startsWith(KUBERNETES_OWN))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + CausewayOptions.OPTIONS_DIR.key() + " " + folder, e);
    }
  }

  /** Trimmed: a YAML block value ends with a newline that is no part of the option. */
  private static String content(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read option file " + file, e);
    }
  }
}
