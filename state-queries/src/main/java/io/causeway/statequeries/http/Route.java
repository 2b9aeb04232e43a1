package io.causeway.statequeries.http;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: its method, its path template (also the {@code endpoint} tag of the latency
 * metric), the pattern that matches decoded paths, the query parameters it takes, and whether it
 * needs the bearer token when one is configured. GET routes also answer HEAD.
 */
public record Route(String method, String template, Pattern pattern, Set<String> params, boolean guarded, BodyEndpoint endpoint) {

  /** Answers a request without a body; the path groups are the template's {placeholders}, decoded. */
  @FunctionalInterface
  public interface Endpoint {
    Reply handle(List<String> pathGroups, Params params);
  }

  /** Answers a request with its body (at most {@link ApiServer#MAX_BODY_BYTES}). */
  @FunctionalInterface
  public interface BodyEndpoint {
    Reply handle(List<String> pathGroups, Params params, RequestBody body);
  }

  /** A guarded GET endpoint. */
  public static Route api(String template, String regex, Set<String> params, Endpoint endpoint) {
    return new Route("GET", template, Pattern.compile(regex), params, true, ignoringBody(endpoint));
  }

  /** A guarded POST endpoint: it changes something, so it always needs the token when one is set. */
  public static Route post(String template, String regex, Set<String> params, BodyEndpoint endpoint) {
    return new Route("POST", template, Pattern.compile(regex), params, true, endpoint);
  }

  /** An open GET endpoint whose template is its literal path (health probes). */
  public static Route open(String template, Set<String> params, Endpoint endpoint) {
    return new Route("GET", template, Pattern.compile(Pattern.quote(template)), params, false, ignoringBody(endpoint));
  }

  static Route guardedLiteral(String template, Set<String> params, Endpoint endpoint) {
    return new Route("GET", template, Pattern.compile(Pattern.quote(template)), params, true, ignoringBody(endpoint));
  }

  /** Whether this route answers {@code requestMethod} (HEAD is a GET without the body). */
  boolean answers(String requestMethod) {
    return method.equals(requestMethod) || ("HEAD".equals(requestMethod) && "GET".equals(method));
  }

  boolean takesBody() {
    return "POST".equals(method);
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

  private static BodyEndpoint ignoringBody(Endpoint endpoint) {
    return (path, params, body) -> endpoint.handle(path, params);
  }
}
