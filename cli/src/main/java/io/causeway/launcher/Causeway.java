package io.causeway.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code causeway} launcher: one entry point for everything a user runs. */
@Command(
    name = "causeway",
    mixinStandardHelpOptions = true,
    versionProvider = Causeway.Version.class,
    description = "Streaming telemetry correlation: dependency graph, anomalies, ranked root causes.",
    subcommands = {DemoCommand.class, RunCommand.class, ClusterCommand.class, GraphCommand.class, PolicyCommand.class})
public final class Causeway implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; errors print as one clear line, not a stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Causeway());
    Plugins.commandClasses().forEach(command -> cli.addSubcommand(Plugins.commandLine(command)));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + rootMessage(e)));
          return 2;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException || cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Causeway.class.getPackage().getImplementationVersion();
      return new String[] {"causeway " + (version == null ? "development build" : version)};
    }
  }
}
