package io.causeway.core.policy;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Service or namespace names a rule applies to: exact names or globs, where {@code *} stands for
 * any characters but {@code /} and {@code ?} for one. A service pattern without {@code /} matches
 * the service's name in any namespace ({@code cartservice} matches {@code shop/cartservice}); one
 * with {@code /} matches the whole qualified name ({@code shop/*}).
 */
record NamePattern(List<String> globs, List<Pattern> patterns) implements Serializable {

  static NamePattern of(List<String> globs) {
    return new NamePattern(List.copyOf(globs), globs.stream().map(NamePattern::compile).toList());
  }

  /** Whether a service, {@code ns/name} or {@code name}, matches by its name (or whole name). */
  boolean matchesService(String service) {
    String name = service.substring(service.lastIndexOf('/') + 1);
    for (int i = 0; i < globs.size(); i++) {
      String candidate = globs.get(i).indexOf('/') >= 0 ? service : name;
      if (patterns.get(i).matcher(candidate).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a service's namespace matches; a service without one matches no namespace pattern. */
  boolean matchesNamespaceOf(String service) {
    int slash = service.lastIndexOf('/');
    if (slash < 0) {
      return false;
    }
    String namespace = service.substring(0, slash);
    return patterns.stream().anyMatch(p -> p.matcher(namespace).matches());
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? "[^/]*" : "[^/]");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString());
  }
}
