package io.causeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Incident;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's demo, in this JVM: real broker, MiniCluster, simulator, and its JSON output; once
 * with the default Avro input and once with OTLP as the Collector writes it.
 */
class DemoCommandITCase {

  @TempDir Path workDir;

  /** {@code --input otlp}: the simulator writes OTLP/JSON as a Collector would, and the jobs read it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "avro | | Avro to telemetry.spans",
    "otlp | --input otlp --otlp-encoding otlp_json | OTLP (otlp_json) to otlp_spans, otlp_metrics, otlp_logs"
  })
  void demoWithJsonPrintsOneIncidentLineNamingTheFaultyServiceFirstAndExitsZero(String input, String inputFlags, String writes) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Causeway.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    List<String> args = new ArrayList<>(List.of(
        "demo", "--fault", "currencyservice:cpu", "--fault-after", "60s", "--speed", "12",
        "--json", "--until-first-incident", "--timeout", "3m", "--work-dir", workDir.toString()));
    if (inputFlags != null) {
      args.addAll(List.of(inputFlags.split(" ")));
    }

    int code = cli.execute(args.toArray(String[]::new));

    assertThat(code).as("stderr: %s", err).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    Incident incident =
        new SpecificDatumReader<>(Incident.class)
            .read(null, DecoderFactory.get().jsonDecoder(Incident.getClassSchema(), lines[0]));
    assertThat(incident.getHypotheses().get(0).getService()).isEqualTo("currencyservice");
    assertThat(incident.getHypotheses().get(0).getConfidence()).isBetween(0.0, 1.0);
    assertThat(err.toString()).contains("injecting currencyservice:cpu").contains("simulator writes " + writes);
  }
}
