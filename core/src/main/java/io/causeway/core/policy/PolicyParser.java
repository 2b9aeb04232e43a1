package io.causeway.core.policy;

import io.causeway.avro.ActionType;
import io.causeway.avro.PolicyVerdict;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a policy file from SnakeYAML's node tree, which keeps every value's line, so that each
 * error names the line it is about. Only composes nodes: no YAML tag ever builds an object.
 */
final class PolicyParser {

  private static final List<String> TOP_KEYS = List.of("timezone", "fallback", "freezes", "rules");
  private static final List<String> FREEZE_KEYS = List.of("name", "from", "until", "for");
  private static final List<String> RULE_KEYS =
      List.of("name", "action", "service", "namespace", "dependents", "dependencies", "entry-traffic",
          "time", "days", "zone", "freeze", "verdict", "reason");
  private static final String VERDICTS = "ALLOWED, NEEDS_APPROVAL, DENIED";
  private static final String ACTIONS = "inspect, restart, rollback, scale-out";
  private static final Pattern UNQUOTED_BOUND = Pattern.compile(":\\s*>");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)\\s*(d|h|m|s)");

  private final String source;
  private final String name;

  PolicyParser(String source, String name) {
    this.source = source;
    this.name = name;
  }

  ActionPolicy parse(String text) {
    MappingNode top = mapping(compose(text), "the policy");
    Map<String, NodeTuple> entries = entries(top, TOP_KEYS, "at the top of the policy");
    ZoneId zone = entries.containsKey("timezone") ? zone(entries.get("timezone").getValueNode()) : ZoneOffset.UTC;
    PolicyVerdict fallback = PolicyVerdict.NEEDS_APPROVAL;
    int fallbackLine = 0;
    if (entries.containsKey("fallback")) {
      fallback = verdict(entries.get("fallback").getValueNode());
      fallbackLine = line(entries.get("fallback").getKeyNode());
    }
    List<Freeze> freezes = entries.containsKey("freezes") ? freezes(entries.get("freezes").getValueNode(), zone) : List.of();
    if (!entries.containsKey("rules")) {
      throw fail(top, "a policy needs a 'rules:' list (it may be empty: 'rules: []')");
    }
    List<PolicyRule> rules = rules(entries.get("rules").getValueNode(), zone, freezes);
    return new ActionPolicy(name, rules, freezes, fallback, fallbackLine);
  }

  private Node compose(String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      throw new PolicyException(source, line, "not valid YAML: " + e.getProblem() + hint(text, line));
    } catch (YAMLException e) {
      throw new PolicyException(source, 0, "not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new PolicyException(source, 0, "the policy file is empty; it needs at least 'rules:'");
    }
    return root;
  }

  /** A bound written bare, {@code >= 3}, reads as a YAML block scalar: say what to do. */
  private static String hint(String text, int line) {
    String[] lines = text.split("\n", -1);
    boolean bareBound = line >= 1 && line <= lines.length && UNQUOTED_BOUND.matcher(lines[line - 1]).find();
    return bareBound ? " (quote a bound: '>= 3')" : "";
  }

  // ---- freezes -------------------------------------------------------------------------------

  private List<Freeze> freezes(Node node, ZoneId zone) {
    List<Freeze> freezes = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    for (Node item : sequence(node, "freezes")) {
      Map<String, NodeTuple> entries = entries(mapping(item, "a freeze"), FREEZE_KEYS, "in a freeze");
      String freezeName = required(entries, "name", item, "a freeze needs a name");
      Integer earlier = lines.putIfAbsent(freezeName, line(item));
      if (earlier != null) {
        throw fail(item, "freeze name '" + freezeName + "' is used twice (first at line " + earlier + ")");
      }
      Node fromNode = requiredNode(entries, "from", item, "freeze '" + freezeName + "' needs 'from'");
      Instant from = instant(fromNode, zone);
      Instant until = until(entries, item, freezeName, from, zone);
      if (!until.isAfter(from)) {
        throw fail(entries.containsKey("until") ? entries.get("until").getValueNode() : entries.get("for").getValueNode(),
            "freeze '" + freezeName + "' ends before it begins");
      }
      freezes.add(new Freeze(freezeName, from, until));
    }
    return freezes;
  }

  private Instant until(Map<String, NodeTuple> entries, Node freeze, String freezeName, Instant from, ZoneId zone) {
    boolean hasUntil = entries.containsKey("until");
    boolean hasFor = entries.containsKey("for");
    if (hasUntil == hasFor) {
      throw fail(freeze, "freeze '" + freezeName + "' needs either 'until' or 'for', not " + (hasUntil ? "both" : "neither"));
    }
    return hasUntil ? instant(entries.get("until").getValueNode(), zone) : from.plus(duration(entries.get("for").getValueNode()));
  }

  // ---- rules ---------------------------------------------------------------------------------

  private List<PolicyRule> rules(Node node, ZoneId zone, List<Freeze> freezes) {
    List<PolicyRule> rules = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    Set<String> freezeNames = freezes.stream().map(Freeze::name).collect(Collectors.toSet());
    for (Node item : sequence(node, "rules")) {
      PolicyRule rule = rule(item, rules.size() + 1, zone, freezeNames);
      Integer earlier = lines.putIfAbsent(rule.name(), rule.line());
      if (earlier != null) {
        throw fail(item, "rule name '" + rule.name() + "' is used twice (first at line " + earlier + ")");
      }
      rules.add(rule);
    }
    return rules;
  }

  private PolicyRule rule(Node node, int index, ZoneId policyZone, Set<String> freezeNames) {
    Map<String, NodeTuple> e = entries(mapping(node, "a rule"), RULE_KEYS, "in a rule");
    if (!e.containsKey("verdict")) {
      throw fail(node, "rule " + index + " needs a verdict (" + VERDICTS + ")");
    }
    ZoneId zone = e.containsKey("zone") ? zone(value(e, "zone")) : policyZone;
    return new PolicyRule(
        e.containsKey("name") ? scalar(value(e, "name"), "name") : "rule " + index,
        index,
        line(node),
        e.containsKey("action") ? actions(value(e, "action")) : EnumSet.noneOf(ActionType.class),
        e.containsKey("service") ? NamePattern.of(names(value(e, "service"), "service")) : null,
        e.containsKey("namespace") ? NamePattern.of(names(value(e, "namespace"), "namespace")) : null,
        e.containsKey("dependents") ? bounds(value(e, "dependents"), false) : List.of(),
        e.containsKey("dependencies") ? bounds(value(e, "dependencies"), false) : List.of(),
        e.containsKey("entry-traffic") ? bounds(value(e, "entry-traffic"), true) : List.of(),
        window(e, zone),
        e.containsKey("freeze") ? freezeCondition(value(e, "freeze"), freezeNames) : null,
        verdict(value(e, "verdict")),
        e.containsKey("reason") ? scalar(value(e, "reason"), "reason") : null);
  }

  private Set<ActionType> actions(Node node) {
    Set<ActionType> actions = EnumSet.noneOf(ActionType.class);
    for (Node item : scalarOrList(node)) {
      String text = scalar(item, "action");
      String symbol = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (symbol.equals(ActionType.UNKNOWN.name()) || Arrays.stream(ActionType.values()).noneMatch(t -> t.name().equals(symbol))) {
        throw fail(item, "unknown action '" + text + "' (" + ACTIONS + ")");
      }
      actions.add(ActionType.valueOf(symbol));
    }
    return actions;
  }

  private List<String> names(Node node, String what) {
    List<String> names = new ArrayList<>();
    for (Node item : scalarOrList(node)) {
      String text = scalar(item, what);
      if (text.isBlank()) {
        throw fail(item, "empty " + what + " name");
      }
      names.add(text);
    }
    return names;
  }

  private List<Bound> bounds(Node node, boolean share) {
    List<Bound> bounds = new ArrayList<>();
    for (Node item : scalarOrList(node)) {
      String text = scalar(item, "bound");
      try {
        bounds.add(share ? Bound.share(text) : Bound.count(text));
      } catch (IllegalArgumentException e) {
        throw fail(item, e.getMessage());
      }
    }
    return bounds;
  }

  private TimeWindow window(Map<String, NodeTuple> e, ZoneId zone) {
    Set<DayOfWeek> days = e.containsKey("days") ? days(value(e, "days")) : Set.of();
    if (!e.containsKey("time")) {
      return days.isEmpty() ? null : TimeWindow.allDay(days, zone);
    }
    Node time = value(e, "time");
    try {
      return TimeWindow.parse(scalar(time, "time"), days, zone);
    } catch (IllegalArgumentException ex) {
      throw fail(time, ex.getMessage());
    }
  }

  private Set<DayOfWeek> days(Node node) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Node item : scalarOrList(node)) {
      String text = scalar(item, "day");
      String[] range = text.split("-", -1);
      if (range.length > 2) {
        throw fail(item, "bad days '" + text + "': a day (MON) or a range (MON-FRI)");
      }
      DayOfWeek first = day(range[0], item);
      DayOfWeek last = range.length == 2 ? day(range[1], item) : first;
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
    }
    return days;
  }

  private DayOfWeek day(String text, Node node) {
    String key = text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (key.length() >= 3 && d.name().startsWith(key)) {
        return d;
      }
    }
    throw fail(node, "unknown day '" + text.trim() + "' (MON, TUE, WED, THU, FRI, SAT, SUN, or a range such as MON-FRI)");
  }

  private PolicyRule.FreezeCondition freezeCondition(Node node, Set<String> declared) {
    if (node instanceof ScalarNode scalar && Set.of("true", "false").contains(scalar.getValue())) {
      return new PolicyRule.FreezeCondition(scalar.getValue().equals("true"), Set.of());
    }
    Set<String> names = new LinkedHashSet<>();
    for (Node item : scalarOrList(node)) {
      String freeze = scalar(item, "freeze");
      if (!declared.contains(freeze)) {
        throw fail(item, "unknown freeze '" + freeze + "' (declared: " + (declared.isEmpty() ? "none" : String.join(", ", declared.stream().sorted().toList())) + "; or true / false for any freeze)");
      }
      names.add(freeze);
    }
    return new PolicyRule.FreezeCondition(true, Set.copyOf(names));
  }

  // ---- values --------------------------------------------------------------------------------

  private PolicyVerdict verdict(Node node) {
    String text = scalar(node, "verdict");
    String symbol = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (symbol.equals(PolicyVerdict.UNKNOWN.name()) || Arrays.stream(PolicyVerdict.values()).noneMatch(v -> v.name().equals(symbol))) {
      throw fail(node, "unknown verdict '" + text + "' (" + VERDICTS + ")");
    }
    return PolicyVerdict.valueOf(symbol);
  }

  private ZoneId zone(Node node) {
    String text = scalar(node, "time zone");
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw fail(node, "unknown time zone '" + text + "' (UTC, an offset such as +01:00, or a region such as Europe/Berlin)");
    }
  }

  /** An instant with an offset ({@code 2026-12-20T18:00:00Z}), else a local date-time or date in the policy's zone. */
  private Instant instant(Node node, ZoneId zone) {
    String text = scalar(node, "time").trim();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException notWithOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeException notADate) {
          throw fail(node, "bad time '" + text + "': expected 2026-12-20T18:00:00Z, 2026-12-20T18:00 (in the policy's timezone) or 2026-12-20");
        }
      }
    }
  }

  /** {@code 90m}, {@code 48h}, {@code 1d12h}, {@code 30s}, or ISO-8601 {@code PT48H}. */
  private Duration duration(Node node) {
    String text = scalar(node, "duration").trim();
    String bad = "bad duration '" + text + "': expected e.g. 48h, 90m, 1d12h or PT48H";
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return requirePositive(Duration.parse(text), node, bad);
      } catch (DateTimeException e) {
        throw fail(node, bad);
      }
    }
    Matcher m = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long amount = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw fail(node, bad);
    }
    return requirePositive(total, node, bad);
  }

  private Duration requirePositive(Duration duration, Node node, String bad) {
    if (duration.isNegative() || duration.isZero()) {
      throw fail(node, bad + " (longer than zero)");
    }
    return duration;
  }

  // ---- YAML shapes ---------------------------------------------------------------------------

  private MappingNode mapping(Node node, String what) {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw fail(node, what + " must be a mapping of keys to values");
  }

  private List<Node> sequence(Node node, String what) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    throw fail(node, "'" + what + "' must be a list ('- ' items)");
  }

  private List<Node> scalarOrList(Node node) {
    return node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
  }

  private String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw fail(node, what + " must be a single value");
  }

  /** The mapping's entries by key, refusing keys it does not know and keys given twice. */
  private Map<String, NodeTuple> entries(MappingNode mapping, List<String> known, String where) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = scalar(tuple.getKeyNode(), "a key");
      if (!known.contains(key)) {
        throw fail(tuple.getKeyNode(), "unknown key '" + key + "' " + where + " (" + String.join(", ", known) + ")");
      }
      if (entries.putIfAbsent(key, tuple) != null) {
        throw fail(tuple.getKeyNode(), "key '" + key + "' is given twice " + where);
      }
    }
    return entries;
  }

  private static Node value(Map<String, NodeTuple> entries, String key) {
    return entries.get(key).getValueNode();
  }

  private Node requiredNode(Map<String, NodeTuple> entries, String key, Node owner, String message) {
    if (!entries.containsKey(key)) {
      throw fail(owner, message);
    }
    return entries.get(key).getValueNode();
  }

  private String required(Map<String, NodeTuple> entries, String key, Node owner, String message) {
    return scalar(requiredNode(entries, key, owner, message), key);
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private PolicyException fail(Node node, String reason) {
    return new PolicyException(source, line(node), reason);
  }
}
