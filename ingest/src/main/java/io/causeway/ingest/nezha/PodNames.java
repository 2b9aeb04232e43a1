package io.causeway.ingest.nezha;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a pod name to the service it runs, for data that names pods only (as the public Nezha
 * traces do: {@code ts-travel-service-64469b5b48-25zj6} is {@code ts-travel-service}). A pod is an
 * instance of a service, never a service of its own, so a pod name reused after a restart still
 * maps to its service.
 *
 * <p>The rule is a regular expression whose group {@code service} is the service name. The default
 * strips the suffixes Kubernetes adds: a Deployment's {@code -<replicaset hash>-<5 chars>}, a
 * StatefulSet's {@code -<ordinal>}, a DaemonSet's or bare ReplicaSet's {@code -<5 chars>}.
 */
public final class PodNames implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_RULE =
      "^(?<service>.+?)(?:-[a-f0-9]{6,10}-[a-z0-9]{5}|-[0-9]+|-[a-z0-9]{5})$";

  private final Pattern rule;

  private PodNames(Pattern rule) {
    this.rule = rule;
  }

  public static PodNames defaults() {
    return withRule(DEFAULT_RULE);
  }

  public static PodNames withRule(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("pod name rule is not a regular expression: " + e.getDescription(), e);
    }
    if (!regex.contains("(?<service>")) {
      throw new IllegalArgumentException("pod name rule needs a named group (?<service>...): " + regex);
    }
    return new PodNames(pattern);
  }

  /** The service a pod belongs to; a name the rule does not match is taken as the service itself. */
  public String serviceOf(String podName) {
    Matcher matcher = rule.matcher(podName);
    return matcher.matches() ? matcher.group("service") : podName;
  }
}
