package io.causeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Incident;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher's demo, in this JVM: real broker, MiniCluster, simulator, and its JSON output. */
class DemoCommandITCase {

  @TempDir Path workDir;

  @Test
  void demoWithJsonPrintsOneIncidentLineNamingTheFaultyServiceFirstAndExitsZero() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Causeway.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute(
        "demo", "--fault", "currencyservice:cpu", "--fault-after", "60s", "--speed", "12",
        "--json", "--until-first-incident", "--timeout", "3m", "--work-dir", workDir.toString());

    assertThat(code).as("stderr: %s", err).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    Incident incident =
        new SpecificDatumReader<>(Incident.class)
            .read(null, DecoderFactory.get().jsonDecoder(Incident.getClassSchema(), lines[0]));
    assertThat(incident.getHypotheses().get(0).getService()).isEqualTo("currencyservice");
    assertThat(incident.getHypotheses().get(0).getConfidence()).isBetween(0.0, 1.0);
    assertThat(err.toString()).contains("injecting currencyservice:cpu");
  }
}
