package io.causeway.notify.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.causeway.statequeries.cli.DurationText;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the notifier's YAML file into a {@link NotifyConfig}, refusing anything it does not know
 * or cannot use with one message naming the file and the key ({@code sinks[1].webhook-url}).
 * A string value may name environment variables as {@code ${NAME}} (secrets stay out of the
 * file); an unset one is refused.
 */
public final class NotifyConfigFile {

  /** Refused configuration: the message says where and why. */
  public static final class Invalid extends Exception {
    public Invalid(String message) {
      super(message);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Set<String> TOP = Set.of("kafka", "state-queries-url", "retry", "request-timeout", "dedup-capacity", "metrics", "sinks");

  private final UnaryOperator<String> env;
  private final String bootstrapServers;

  private NotifyConfigFile(UnaryOperator<String> env, String bootstrapServers) {
    this.env = env;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * The config in {@code path}, environment variables looked up by {@code env}; {@code
   * bootstrapServers}, when not null, replaces {@code kafka.bootstrap-servers} (the command's flag).
   */
  public static NotifyConfig read(Path path, UnaryOperator<String> env, String bootstrapServers) throws Invalid {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new Invalid(path + ": cannot be read: " + e.getMessage());
    }
    return parse(path.toString(), text, env, bootstrapServers);
  }

  public static NotifyConfig parse(String file, String yaml, UnaryOperator<String> env, String bootstrapServers) throws Invalid {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new Invalid(file + (at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Invalid(file + ": must be a YAML mapping with at least 'sinks'");
    }
    try {
      return new NotifyConfigFile(env, bootstrapServers).config(root);
    } catch (IllegalArgumentException e) {
      throw new Invalid(file + ": " + e.getMessage());
    }
  }

  private NotifyConfig config(JsonNode root) {
    onlyKnown("", root, TOP);
    JsonNode kafka = object(root, "kafka");
    onlyKnown("kafka.", kafka, Set.of("bootstrap-servers", "group-id", "topic-prefix", "start-at"));
    JsonNode retry = object(root, "retry");
    onlyKnown("retry.", retry, Set.of("attempts", "initial-backoff", "max-backoff"));
    JsonNode metrics = object(root, "metrics");
    onlyKnown("metrics.", metrics, Set.of("bind", "port"));
    RetryPolicy retryPolicy = new RetryPolicy(
        integer(retry, "retry.attempts", RetryPolicy.DEFAULT.attempts()),
        duration(retry, "retry.initial-backoff", RetryPolicy.DEFAULT.initialBackoff()),
        duration(retry, "retry.max-backoff", RetryPolicy.DEFAULT.maxBackoff()));
    int dedupCapacity = integer(root, "dedup-capacity", 10_000);
    if (dedupCapacity < 100) {
      throw new IllegalArgumentException("dedup-capacity must be at least 100, was " + dedupCapacity);
    }
    String stateQueries = text(root, "state-queries-url", null);
    return new NotifyConfig(
        bootstrapServers != null ? bootstrapServers : text(kafka, "kafka.bootstrap-servers", null),
        text(kafka, "kafka.group-id", "causeway-notify"),
        text(kafka, "kafka.topic-prefix", ""),
        startAt(text(kafka, "kafka.start-at", "latest")),
        stateQueries == null ? null : uri("state-queries-url", stateQueries),
        retryPolicy,
        duration(root, "request-timeout", Duration.ofSeconds(10)),
        dedupCapacity,
        text(metrics, "metrics.bind", "127.0.0.1"),
        integer(metrics, "metrics.port", -1),
        sinks(root.get("sinks")));
  }

  private static String startAt(String value) {
    if (!value.equals("latest") && !value.equals("earliest")) {
      throw new IllegalArgumentException("kafka.start-at: '" + value + "' must be latest or earliest");
    }
    return value;
  }

  private List<SinkConfig> sinks(JsonNode sinks) {
    if (sinks == null || !sinks.isArray() || sinks.isEmpty()) {
      throw new IllegalArgumentException("'sinks' must list at least one sink (type: alertmanager, slack, pagerduty or webhook)");
    }
    List<SinkConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sinks.size(); i++) {
      String at = "sinks[" + i + "].";
      JsonNode sink = sinks.get(i);
      if (!sink.isObject()) {
        throw new IllegalArgumentException(at.substring(0, at.length() - 1) + " must be a mapping with a 'type'");
      }
      SinkConfig config = sink(at, sink);
      if (!names.add(config.name())) {
        throw new IllegalArgumentException(at + "name: '" + config.name() + "' is used by another sink; give each sink its own name");
      }
      out.add(config);
    }
    return List.copyOf(out);
  }

  private SinkConfig sink(String at, JsonNode sink) {
    String type = required(sink, at + "type");
    String name = text(sink, at + "name", type);
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException(at + "name: '" + name + "' must be 1-64 letters, digits, '_', '.' or '-' (it tags metrics and offsets)");
    }
    return switch (type) {
      case "alertmanager" -> {
        onlyKnown(at, sink, Set.of("type", "name", "url", "repost-every", "hold-for", "labels"));
        Duration repostEvery = duration(sink, at + "repost-every", Duration.ofMinutes(1));
        Duration holdFor = duration(sink, at + "hold-for", repostEvery.multipliedBy(4));
        if (holdFor.compareTo(repostEvery) <= 0) {
          throw new IllegalArgumentException(at + "hold-for must be longer than repost-every, or alerts lapse between posts");
        }
        yield new SinkConfig.Alertmanager(name, uri(at + "url", required(sink, at + "url")), repostEvery, holdFor, labels(at, sink.get("labels")));
      }
      case "slack" -> {
        onlyKnown(at, sink, Set.of("type", "name", "webhook-url"));
        yield new SinkConfig.Slack(name, uri(at + "webhook-url", required(sink, at + "webhook-url")));
      }
      case "pagerduty" -> {
        onlyKnown(at, sink, Set.of("type", "name", "routing-key", "url", "source"));
        yield new SinkConfig.PagerDuty(name, uri(at + "url", text(sink, at + "url", "https://events.pagerduty.com/v2/enqueue")),
            required(sink, at + "routing-key"), text(sink, at + "source", "causeway"));
      }
      case "webhook" -> {
        onlyKnown(at, sink, Set.of("type", "name", "url", "secret"));
        String secret = required(sink, at + "secret");
        if (secret.length() < 16) {
          throw new IllegalArgumentException(at + "secret must be at least 16 characters (it signs every request)");
        }
        yield new SinkConfig.Webhook(name, uri(at + "url", required(sink, at + "url")), secret);
      }
      default -> throw new IllegalArgumentException(at + "type: '" + type + "' is not a sink type; use alertmanager, slack, pagerduty or webhook");
    };
  }

  private Map<String, String> labels(String at, JsonNode labels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels == null || labels.isNull()) {
      return out;
    }
    if (!labels.isObject()) {
      throw new IllegalArgumentException(at + "labels must be a mapping of label names to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (!label.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw new IllegalArgumentException(at + "labels: '" + label.getKey() + "' is not a Prometheus label name");
      }
      out.put(label.getKey(), expand(at + "labels." + label.getKey(), label.getValue().asText()));
    }
    return out;
  }

  private static JsonNode object(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return YAML.createObjectNode();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + key + "' must be a mapping");
    }
    return node;
  }

  private static void onlyKnown(String at, JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(at + name + ": unknown key; known here: " + String.join(", ", new java.util.TreeSet<>(known)));
      }
    }
  }

  private String required(JsonNode node, String path) {
    String value = text(node, path, null);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(path + ": required");
    }
    return value;
  }

  private String text(JsonNode node, String path, String fallback) {
    JsonNode value = node.get(leaf(path));
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(path + ": must be a single value");
    }
    return expand(path, value.asText());
  }

  private int integer(JsonNode node, String path, int fallback) {
    JsonNode value = node.get(leaf(path));
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(path + ": must be a whole number, was '" + value.asText() + "'");
    }
    return value.intValue();
  }

  private Duration duration(JsonNode node, String path, Duration fallback) {
    String text = text(node, path, null);
    if (text == null) {
      return fallback;
    }
    Duration duration;
    try {
      duration = new DurationText().convert(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": '" + text + "' is not a duration; use e.g. 500ms, 30s, 1m");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(path + ": must be longer than zero");
    }
    return duration;
  }

  private static URI uri(String path, String text) {
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(path + ": '" + text + "' is not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(path + ": '" + text + "' is not a URL: " + e.getReason());
    }
  }

  private String expand(String path, String text) {
    Matcher matcher = ENV.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = env.apply(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(path + ": environment variable " + matcher.group(1) + " is not set");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
