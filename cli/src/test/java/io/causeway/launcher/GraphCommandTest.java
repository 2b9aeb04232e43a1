package io.causeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraphCommandTest {

  @TempDir Path folder;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void printsOneEdgePerLineFromANezhaFolderWithServicesNotPods() throws IOException {
    writeTraces(folder.resolve("trace/10_00_trace.csv.gz"),
        "t1,a,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,1674981768697000000,1674981769015316530,318316",
        "t1,b,a,ts-order-service-5b67c48447-mv5hb,GET /order,1674981768698000000,1674981768798000000,100000",
        "t1,c,b,ts-order-service-5b67c48447-mv5hb,query,1674981768699000000,1674981768709000000,10000",
        "t1,d,c,ts-station-service-7f4f5f6f77-5qb6j,GET /station,1674981768700000000,1674981768705000000,5000");
    writeTraces(folder.resolve("normal/trace/09_00_trace.csv.gz"),
        "t2,e,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,1674981768697000000,1674981769015316530,318316",
        "t2,f,e,ts-order-service-7c9d8e6f5a-abcde,GET /order,1674981768698000000,1674981768798000000,100000");

    int code = run("graph", "--nezha", folder.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .extracting(line -> line.substring(0, line.indexOf("  ")))
        .containsExactly("ts-gateway-service -> ts-order-service", "ts-order-service -> ts-station-service");
    assertThat(out.toString()).contains("calls=2");
    assertThat(err.toString()).contains("6 spans").contains("2 edges");
  }

  @Test
  void saysClearlyWhenTheFolderHoldsNoTraces() {
    assertThat(run("graph", "--nezha", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no *_trace.csv(.gz) files under");
  }

  @Test
  void needsExactlyOneSource() {
    assertThat(run("graph")).isEqualTo(2);
    assertThat(err.toString()).contains("--nezha").contains("--bootstrap-servers");
  }

  private int run(String... args) {
    CommandLine cli = Causeway.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static void writeTraces(Path file, String... rows) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write("TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n".getBytes(StandardCharsets.UTF_8));
      for (String row : rows) {
        gz.write((row + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
