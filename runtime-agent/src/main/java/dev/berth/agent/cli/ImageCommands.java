package dev.berth.agent.cli;

import picocli.CommandLine;

/** Registers the image commands (pull, images, rmi, login, logout). Owned by the image work. */
final class ImageCommands {
  private ImageCommands() {}

  static void register(CommandLine commandLine) {
    // Subcommands are added here as they are written: commandLine.addSubcommand(new PullCommand());
  }
}
