package io.causeway.core.policy;

import io.causeway.avro.PolicyVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * An operator's guardrails for suggested actions: an ordered list of rules, the first that matches
 * an action decides its verdict, and a fallback verdict for actions no rule matches. Parsed and
 * checked once where the job is built (a bad file is refused there with its line and reason), then
 * shipped inside the job: immutable and serializable.
 */
public final class ActionPolicy implements Serializable {

  private static final long serialVersionUID = 1L;
  /** The rule name a decision carries when no rule matched. */
  public static final String FALLBACK = "fallback";
  /** The built-in policy's name, and the classpath resource it is read from. */
  public static final String DEFAULT_NAME = "default";
  static final String DEFAULT_RESOURCE = "default-policy.yaml";

  private final String name;
  private final List<PolicyRule> rules;
  private final List<Freeze> freezes;
  private final PolicyVerdict fallback;
  private final int fallbackLine;

  ActionPolicy(String name, List<PolicyRule> rules, List<Freeze> freezes, PolicyVerdict fallback, int fallbackLine) {
    this.name = name;
    this.rules = List.copyOf(rules);
    this.freezes = List.copyOf(freezes);
    this.fallback = fallback;
    this.fallbackLine = fallbackLine;
  }

  /** The policy when none is configured: the verdicts Causeway gave before policies (docs/policy.md). */
  public static ActionPolicy defaults() {
    return Defaults.POLICY;
  }

  /** Reads and checks a policy file; a {@link PolicyException} names the file, the line and the reason. */
  public static ActionPolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PolicyException(file.toString(), 0, "no such policy file");
    } catch (IOException e) {
      throw new PolicyException(file.toString(), 0, "cannot read the policy file: " + e.getMessage());
    }
    return parse(file.toString(), String.valueOf(file.getFileName()), text);
  }

  /**
   * Parses a policy's text.
   *
   * @param source how errors name it, e.g. the path given
   * @param name how decisions name it
   */
  public static ActionPolicy parse(String source, String name, String text) {
    return new PolicyParser(source, name).parse(text);
  }

  public String name() {
    return name;
  }

  public int ruleCount() {
    return rules.size();
  }

  /** The first matching rule's verdict, else the fallback's. */
  public Decision decide(ActionFacts action) {
    List<Freeze> active = freezes.stream().filter(f -> f.contains(action.at())).toList();
    for (PolicyRule rule : rules) {
      if (rule.matches(action, active)) {
        String reason = rule.reason() != null ? rule.reason() : "policy rule '" + rule.name() + "'";
        return new Decision(rule.verdict(), reason, name, rule.name(), rule.index(), rule.line());
      }
    }
    return new Decision(fallback, "no policy rule matched", name, FALLBACK, 0, fallbackLine);
  }

  /** Parsed once per JVM: the resource never changes. */
  private static final class Defaults {
    static final ActionPolicy POLICY = read();

    private static ActionPolicy read() {
      try (InputStream in = ActionPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the default policy " + DEFAULT_RESOURCE + " is missing from the classpath");
        }
        return parse(DEFAULT_RESOURCE, DEFAULT_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
