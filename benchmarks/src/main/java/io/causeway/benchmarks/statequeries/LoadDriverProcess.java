package io.causeway.benchmarks.statequeries;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LoadDriver} in a child JVM on this JVM's classpath, so the load and its measurement
 * do not share a heap, JIT or GC with the service under test. The child is killed if it overruns
 * {@code timeout} and always gone when {@link #run} returns.
 */
final class LoadDriverProcess {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A small, steady driver: it measures the service, it should not compete with it for memory. */
  private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

  private LoadDriverProcess() {}

  static List<EndpointFigures> run(LoadPlan plan, Path workDir, Duration timeout) throws IOException, InterruptedException {
    Path planFile = workDir.resolve("load-plan.json");
    JSON.writeValue(planFile.toFile(), plan);
    ProcessBuilder builder = new ProcessBuilder(command(planFile)).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = builder.start();
    try {
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(child));
      if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the load driver (pid " + child.pid() + ") did not finish within " + timeout + "; killed");
      }
      String output = stdout.join().strip();
      if (child.exitValue() != 0 || output.isEmpty()) {
        throw new IllegalStateException("the load driver exited with " + child.exitValue() + " and printed: " + output);
      }
      String last = output.substring(output.lastIndexOf('\n') + 1);
      return JSON.readValue(last, new TypeReference<List<EndpointFigures>>() {});
    } finally {
      stop(child);
      Files.deleteIfExists(planFile);
    }
  }

  private static List<String> command(Path planFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadDriver.class.getName(), planFile.toString()));
    return command;
  }

  private static String readAll(Process child) {
    try {
      return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the load driver's output", e);
    }
  }

  /** Closes its stdin (the driver exits on that), then kills it if it is still there. */
  private static void stop(Process child) throws InterruptedException {
    try {
      child.getOutputStream().close();
    } catch (IOException e) {
      System.err.println("could not close the load driver's stdin: " + e.getMessage());
    }
    if (!child.waitFor(5, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
