package io.causeway.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option table of a Markdown page: rows {@code | `key` | default | meaning |}, read into key
 * to documented default. A default in parentheses, such as "(required)" or "(none: ...)", says the
 * option has none.
 */
record DocumentedOptions(Map<String, Optional<String>> defaultsByKey) {

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`(causeway\\.[^`]+)`\\s*\\|([^|]*)\\|");

  static DocumentedOptions parse(String markdown) {
    Map<String, Optional<String>> defaults = new LinkedHashMap<>();
    for (String line : markdown.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        defaults.put(row.group(1), documentedDefault(row.group(2).trim()));
      }
    }
    return new DocumentedOptions(defaults);
  }

  private static Optional<String> documentedDefault(String cell) {
    if (cell.startsWith("(")) {
      return Optional.empty();
    }
    return Optional.of(cell.replace("`", "").trim());
  }
}
