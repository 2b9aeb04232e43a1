package io.causeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Wrong input gives one clear message and exit code 2, never a stack trace. */
class CausewayCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Causeway.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void rejectsAnUnknownFlagWithUsage() {
    assertThat(run("demo", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: causeway demo").doesNotContain("Exception");
  }

  @Test
  void rejectsAnUnknownFaultServiceListingTheValidOnes() {
    assertThat(run("demo", "--fault", "nosuchservice:latency")).isEqualTo(2);
    assertThat(err.toString()).contains("nosuchservice").contains("productcatalogservice").contains("bad-deploy");
  }

  @Test
  void rejectsAFaultWithoutKind() {
    assertThat(run("demo", "--fault", "cartservice")).isEqualTo(2);
    assertThat(err.toString()).contains("--fault").doesNotContain("\tat ");
  }

  @Test
  void rejectsAMalformedDuration() {
    assertThat(run("demo", "--fault-after", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void rejectsAnUnknownInputNamingTheChoices() {
    assertThat(run("demo", "--input", "kafka")).isEqualTo(2);
    assertThat(err.toString()).contains("'kafka' is not an input; use avro or otlp").doesNotContain("\tat ");
  }

  @Test
  void rejectsAnUnknownOtlpEncodingNamingTheCollectorsNames() {
    assertThat(run("demo", "--input", "otlp", "--otlp-encoding", "protobuf")).isEqualTo(2);
    assertThat(err.toString()).contains("protobuf").contains("otlp_proto").contains("otlp_json");
  }

  @Test
  void rejectsAnOtlpEncodingWithoutOtlpInputBeforeStartingAnything() {
    assertThat(run("demo", "--otlp-encoding", "otlp_json")).isEqualTo(2);
    assertThat(err.toString()).contains("--otlp-encoding applies to --input otlp only").doesNotContain("starting Kafka");
  }

  @Test
  void otlpInputMakesTheJobsReadTheOtlpTopicsInTheChosenEncoding() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--input", "OTLP", "--otlp-encoding", "otlp_json");

    assertThat(demo.input).isEqualTo(DemoInput.OTLP);
    assertThat(demo.input.jobOptions(demo.otlpEncoding))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("causeway.otlp.enabled", "true", "causeway.otlp.only", "true", "causeway.otlp.encoding", "otlp_json"));
    assertThat(demo.input.describe(demo.otlpEncoding)).contains("otlp_spans").contains("telemetry.changes");
  }

  @Test
  void avroIsTheDefaultInputAndChangesNoJobOption() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();

    assertThat(demo.input).isEqualTo(DemoInput.AVRO);
    assertThat(demo.input.jobOptions(demo.otlpEncoding)).isEmpty();
  }

  @Test
  void runRequiresBootstrapServers() {
    assertThat(run("run")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--bootstrap-servers");
  }

  @Test
  void runRefusesABadPolicyFileWithItsLineAndReasonBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - action: restart\n    verdict: MAYBE\n");

    // no broker at all: the policy is refused before the brokers are even asked
    int code = run("run", "--bootstrap-servers", "127.0.0.1:1", "-D", "causeway.correlation.policy-file=" + policy);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + policy + ":3: unknown verdict 'MAYBE' (ALLOWED, NEEDS_APPROVAL, DENIED)");
  }

  @Test
  void demoRefusesABadPolicyFileWithItsLineAndReasonBeforeStartingAnything(@TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - action: reboot\n    verdict: DENIED\n");

    int code = run("demo", "--policy-file", policy.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(policy + ":2: ").contains("reboot").doesNotContain("starting Kafka");
  }

  @Test
  void policyChecksAFileAndSaysWhatItDecidesForOneActionAtAGivenTime(@TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"),
        "rules:\n  - name: no-night-restarts\n    action: restart\n    time: \"22:00-06:00\"\n    verdict: DENIED\n");

    int night = run("policy", policy.toString(), "--action", "restart", "--service", "shop/cartservice", "--at", "2026-12-24T23:00:00Z");
    int day = run("policy", policy.toString(), "--action", "restart", "--at", "2026-12-24T12:00:00Z");

    assertThat(night).isZero();
    assertThat(day).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        policy + ": ok, 1 rules",
        "restart shop/cartservice: DENIED by no-night-restarts (line 2): policy rule 'no-night-restarts'",
        policy + ": ok, 1 rules",
        "restart service: NEEDS_APPROVAL by fallback (line 0): no policy rule matched");
  }

  @Test
  void policyRefusesABadFileInOneLine(@TempDir Path dir) throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - verdict: ALLOWED\n    sevrice: cart\n");

    assertThat(run("policy", policy.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("error: " + policy + ":3: unknown key 'sevrice' in a rule").doesNotContain("\n");
  }

  @Test
  void runReportsAnUnreachableBrokerInOneLine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    int code = run("run", "--bootstrap-servers", "127.0.0.1:" + closedPort, "--connect-timeout", "2s");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: no Kafka broker answered at 127.0.0.1:" + closedPort)
        .doesNotContain("\n");
  }

  @Test
  void printsUsageWithTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo").contains("run");
  }
}
