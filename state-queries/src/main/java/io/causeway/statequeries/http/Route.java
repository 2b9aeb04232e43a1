package io.causeway.statequeries.http;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: its path template (also the {@code endpoint} tag of the latency metric), the
 * pattern that matches decoded paths, the query parameters it takes, and whether it needs the
 * bearer token when one is configured.
 */
record Route(String template, Pattern pattern, Set<String> params, boolean guarded, Endpoint endpoint) {

  /** Answers a request; the path groups are the template's {placeholders}, decoded. */
  @FunctionalInterface
  interface Endpoint {
    Reply handle(List<String> pathGroups, Params params);
  }

  static Route api(String template, String regex, Set<String> params, Endpoint endpoint) {
    return new Route(template, Pattern.compile(regex), params, true, endpoint);
  }

  static Route open(String template, Set<String> params, Endpoint endpoint) {
    return new Route(template, Pattern.compile(Pattern.quote(template)), params, false, endpoint);
  }

  /** The path groups when the path matches, else null. */
  List<String> match(String path) {
    Matcher matcher = pattern.matcher(path);
    if (!matcher.matches()) {
      return null;
    }
    List<String> groups = new java.util.ArrayList<>();
    for (int i = 1; i <= matcher.groupCount(); i++) {
      groups.add(matcher.group(i));
    }
    return groups;
  }
}
