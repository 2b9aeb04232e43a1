package io.causeway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A policy file that cannot be used is refused with its file, the line and the reason. */
class PolicyParserTest {

  static Stream<Arguments> malformedPolicies() {
    return Stream.of(
        Arguments.of("bad verdict", """
            rules:
              - name: restarts
                action: restart
                verdict: MAYBE
            """, "policy.yaml:4: unknown verdict 'MAYBE' (ALLOWED, NEEDS_APPROVAL, DENIED)"),
        Arguments.of("unknown key in a rule", """
            rules:
              - name: restarts
                servce: cartservice
                verdict: DENIED
            """, "policy.yaml:3: unknown key 'servce' in a rule (name, action, service, namespace, dependents, dependencies,"
                + " entry-traffic, time, days, zone, freeze, verdict, reason)"),
        Arguments.of("unknown key at the top", """
            rule:
              - verdict: DENIED
            """, "policy.yaml:1: unknown key 'rule' at the top of the policy (timezone, fallback, freezes, rules)"),
        Arguments.of("bad YAML", """
            rules:
              - name: restarts
                verdict: [DENIED
            """, "policy.yaml:4: not valid YAML: expected ',' or ']', but got <stream end>"),
        Arguments.of("an unquoted bound", """
            rules:
              - dependents: >= 3
                verdict: DENIED
            """, "policy.yaml:2: not valid YAML: expected chomping or indentation indicators, but found =(61)"
                + " (quote a bound: '>= 3')"),
        Arguments.of("bad duration", """
            freezes:
              - name: launch
                from: 2026-12-01T10:00:00Z
                for: two weeks
            rules: []
            """, "policy.yaml:4: bad duration 'two weeks': expected e.g. 48h, 90m, 1d12h or PT48H"),
        Arguments.of("bad freeze time", """
            freezes:
              - name: launch
                from: 2026-13-01
                until: 2027-01-04
            rules: []
            """, "policy.yaml:3: bad time '2026-13-01': expected 2026-12-20T18:00:00Z, 2026-12-20T18:00 (in the policy's"
                + " timezone) or 2026-12-20"),
        Arguments.of("bad time of day", """
            rules:
              - action: restart
                time: "25:00-06:00"
                verdict: DENIED
            """, "policy.yaml:3: bad time window '25:00-06:00': '25:00' is no time of day (00:00 to 23:59)"),
        Arguments.of("malformed time window", """
            rules:
              - action: restart
                time: 22h to 6h
                verdict: DENIED
            """, "policy.yaml:3: bad time window '22h to 6h': expected HH:MM-HH:MM, e.g. '22:00-06:00'"),
        Arguments.of("unknown action", """
            rules:
              - action: [restart, reboot]
                verdict: DENIED
            """, "policy.yaml:2: unknown action 'reboot' (inspect, restart, rollback, scale-out)"),
        Arguments.of("a bound that is no bound", """
            rules:
              - entry-traffic: "half"
                verdict: DENIED
            """, "policy.yaml:2: bad bound 'half': expected >=, <=, > or < and a number, quoted, e.g. '>= 0.5' or '>= 50%'"),
        Arguments.of("a share over one", """
            rules:
              - entry-traffic: ">= 120%"
                verdict: DENIED
            """, "policy.yaml:2: bad bound '>= 120%': a share is between 0 and 1 (or 0% and 100%)"),
        Arguments.of("unknown zone", """
            timezone: Europe/Atlantis
            rules: []
            """, "policy.yaml:1: unknown time zone 'Europe/Atlantis' (UTC, an offset such as +01:00, or a region such as Europe/Berlin)"),
        Arguments.of("unknown day", """
            rules:
              - days: [MON, FUNDAY]
                verdict: DENIED
            """, "policy.yaml:2: unknown day 'FUNDAY' (MON, TUE, WED, THU, FRI, SAT, SUN, or a range such as MON-FRI)"),
        Arguments.of("undeclared freeze", """
            freezes:
              - {name: year-end, from: 2026-12-21, until: 2027-01-04}
            rules:
              - freeze: yearend
                verdict: DENIED
            """, "policy.yaml:4: unknown freeze 'yearend' (declared: year-end; or true / false for any freeze)"),
        Arguments.of("freeze that ends before it begins", """
            freezes:
              - {name: year-end, from: 2027-01-04, until: 2026-12-21}
            rules: []
            """, "policy.yaml:2: freeze 'year-end' ends before it begins"),
        Arguments.of("rule without verdict", """
            rules:
              - name: restarts
                action: restart
            """, "policy.yaml:2: rule 1 needs a verdict (ALLOWED, NEEDS_APPROVAL, DENIED)"),
        Arguments.of("two rules of one name", """
            rules:
              - {name: same, action: restart, verdict: DENIED}
              - {name: same, action: rollback, verdict: DENIED}
            """, "policy.yaml:3: rule name 'same' is used twice (first at line 2)"),
        Arguments.of("a key given twice", """
            rules:
              - verdict: ALLOWED
                verdict: DENIED
            """, "policy.yaml:3: key 'verdict' is given twice in a rule"),
        Arguments.of("rules that are no list", """
            rules:
              verdict: DENIED
            """, "policy.yaml:2: 'rules' must be a list ('- ' items)"),
        Arguments.of("no rules", """
            fallback: DENIED
            """, "policy.yaml:1: a policy needs a 'rules:' list (it may be empty: 'rules: []')"),
        Arguments.of("empty file", "", "policy.yaml: the policy file is empty; it needs at least 'rules:'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPolicies")
  void refusesAMalformedPolicyWithTheLineAndTheReason(String what, String yaml, String message) {
    assertThatThrownBy(() -> ActionPolicy.parse("policy.yaml", "policy.yaml", yaml))
        .isInstanceOf(PolicyException.class)
        .hasMessage(message);
  }

  @Test
  void loadingNamesTheFileAsGivenAndDecisionsNameItByItsFileName(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("guardrails.yaml"), "rules:\n  - verdict: MAYBE\n");

    assertThatThrownBy(() -> ActionPolicy.load(file))
        .isInstanceOf(PolicyException.class)
        .hasMessage(file + ":2: unknown verdict 'MAYBE' (ALLOWED, NEEDS_APPROVAL, DENIED)");
    Files.writeString(file, "rules:\n  - verdict: DENIED\n");
    assertThat(ActionPolicy.load(file).name()).isEqualTo("guardrails.yaml");
  }

  @Test
  void aMissingFileIsRefusedByName(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere.yaml");

    assertThatThrownBy(() -> ActionPolicy.load(missing)).isInstanceOf(PolicyException.class).hasMessage(missing + ": no such policy file");
  }
}
