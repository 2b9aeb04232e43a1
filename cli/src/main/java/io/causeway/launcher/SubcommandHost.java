package io.causeway.launcher;

import picocli.CommandLine;

/**
 * A plugged-in command that adds subcommands of its own once it is part of the command line (the
 * {@code bench} command adds one per registered benchmark), before anything is parsed.
 */
public interface SubcommandHost {

  void addSubcommands(CommandLine self);
}
