package dev.berth.agent.cli;

import picocli.CommandLine;

/**
 * Registers the image commands (pull, images, rmi, image-prune, login, logout). Owned by the image
 * work.
 */
final class ImageCommands {
  private ImageCommands() {}

  static void register(CommandLine commandLine) {
    commandLine.addSubcommand(new PullCommand());
    commandLine.addSubcommand(new ImagesCommand());
    commandLine.addSubcommand(new RmiCommand());
    commandLine.addSubcommand(new ImagePruneCommand());
    commandLine.addSubcommand(new LoginCommand());
    commandLine.addSubcommand(new LogoutCommand());
  }
}
