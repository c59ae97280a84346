package dev.berth.agent.cli;

import picocli.CommandLine;

/** Registers the container commands (run, ps, logs, stop, kill, rm, inspect, exec, prune). */
final class ContainerCommands {
  private ContainerCommands() {}

  static void register(CommandLine commandLine) {
    // Subcommands are added here as they are written: commandLine.addSubcommand(new RunCommand());
  }
}
