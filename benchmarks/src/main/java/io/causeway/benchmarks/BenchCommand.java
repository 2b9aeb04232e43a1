package io.causeway.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code causeway bench NAME}: each benchmark prints a human table and ends with one line of JSON
 * for scripts. Benchmarks register themselves, one picocli command class per line, in the
 * classpath resource {@value #RESOURCE}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark: a table for people, then one line of JSON with the figures.")
public final class BenchCommand implements Runnable, io.causeway.launcher.SubcommandHost {

  static final String RESOURCE = "META-INF/causeway/benchmarks";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public BenchCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Adds every registered benchmark as a subcommand. */
  @Override
  public void addSubcommands(CommandLine bench) {
    try {
      for (URL url : Collections.list(BenchCommand.class.getClassLoader().getResources(RESOURCE))) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          for (String name : reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            bench.addSubcommand(new CommandLine(Class.forName(name)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("benchmark listed in " + RESOURCE + " is not on the classpath: " + e.getMessage(), e);
    }
  }
}
