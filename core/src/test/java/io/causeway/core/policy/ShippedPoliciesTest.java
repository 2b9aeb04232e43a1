package io.causeway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ActionType;
import io.causeway.avro.PolicyVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The example policies in deploy/policy and docs/policy.md load and decide as their comments say; the docs show the default policy as it is. */
class ShippedPoliciesTest {

  private static final Path PROJECT = Path.of("..");
  private static final Path EXAMPLE = PROJECT.resolve("deploy/policy/example-policy.yaml");
  /** A Wednesday, 13:00 in Berlin. */
  private static final Instant WORKING_HOURS = Instant.parse("2026-12-02T12:00:00Z");
  /** A Wednesday, 23:30 in Berlin. */
  private static final Instant NIGHT = Instant.parse("2026-12-02T22:30:00Z");
  private static final Instant YEAR_END = Instant.parse("2026-12-28T10:00:00Z");

  private final ActionPolicy example = ActionPolicy.load(EXAMPLE);

  @Test
  void theExamplePolicyLoadsWithAllItsRules() {
    assertThat(example.name()).isEqualTo("example-policy.yaml");
    assertThat(example.ruleCount()).isEqualTo(7);
  }

  @Test
  void theExamplePolicyDecidesAsItsCommentsSay() {
    assertThat(decide(ActionType.INSPECT, "productcatalogservice", 3, 0, 0.48, YEAR_END))
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(PolicyVerdict.ALLOWED));
    assertThat(decide(ActionType.RESTART, "adservice", 1, 0, 0.08, YEAR_END).rule()).isEqualTo("no-changes-in-a-freeze");
    assertThat(decide(ActionType.RESTART, "payments/ledger", 1, 0, 0.1, WORKING_HOURS).rule()).isEqualTo("payments-need-a-human");
    assertThat(decide(ActionType.ROLLBACK, "productcatalogservice", 3, 0, 0.48, WORKING_HOURS).rule())
        .as("48% of entry traffic").isEqualTo(ActionPolicy.FALLBACK);
    assertThat(decide(ActionType.RESTART, "currencyservice", 2, 0, 0.6, WORKING_HOURS).rule()).isEqualTo("wide-blast-radius");
    assertThat(decide(ActionType.RESTART, "redis-cart", 3, 0, 0.32, NIGHT))
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(PolicyVerdict.DENIED))
        .satisfies(d -> assertThat(d.rule()).isEqualTo("no-night-restarts-of-redis"));
    assertThat(decide(ActionType.RESTART, "adservice", 1, 0, 0.08, WORKING_HOURS).rule()).isEqualTo("restart-small-services-in-working-hours");
    assertThat(decide(ActionType.RESTART, "adservice", 1, 0, 0.08, NIGHT).verdict()).isEqualTo(PolicyVerdict.NEEDS_APPROVAL);
    assertThat(decide(ActionType.SCALE_OUT, "cartservice", 0, 1, 0.32, WORKING_HOURS).rule()).isEqualTo("scale-out-with-few-dependencies");
    assertThat(decide(ActionType.SCALE_OUT, "checkoutservice", 0, 7, 0.92, WORKING_HOURS).verdict()).isEqualTo(PolicyVerdict.NEEDS_APPROVAL);
  }

  @Test
  void docsShowTheDefaultPolicyAsTheJobReadsIt() throws IOException {
    String shipped;
    try (InputStream in = ActionPolicy.class.getResourceAsStream(ActionPolicy.DEFAULT_RESOURCE)) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String docs = Files.readString(PROJECT.resolve("docs/policy.md"));

    assertThat(docs).contains(shipped);
    assertThat(ActionPolicy.defaults().ruleCount()).isEqualTo(4);
  }

  @Test
  void theDocsShortExamplePolicyParses() throws IOException {
    String docs = Files.readString(PROJECT.resolve("docs/policy.md"));
    String section = docs.substring(docs.indexOf("## A short policy"));
    String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));

    ActionPolicy policy = ActionPolicy.parse("docs/policy.md", "docs/policy.md", yaml);

    assertThat(policy.ruleCount()).isEqualTo(4);
    assertThat(policy.decide(new ActionFacts(ActionType.RESTART, "adservice", 1, 0, 0.08, YEAR_END)).rule()).isEqualTo("no-changes-in-a-freeze");
  }

  private Decision decide(ActionType type, String service, int dependents, int dependencies, double share, Instant at) {
    return example.decide(new ActionFacts(type, service, dependents, dependencies, share, at));
  }
}
