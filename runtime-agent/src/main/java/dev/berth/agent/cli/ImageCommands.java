package dev.berth.agent.cli;

import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Registers the image commands (pull, images, rmi, image-prune, login, logout). Owned by the image
 * work.
 */
final class ImageCommands {
  private ImageCommands() {}

  static void register(CommandLine commandLine, Predicate<String> wanted) {
    for (ImageCommand command :
        new ImageCommand[] {
          new PullCommand(),
          new ImagesCommand(),
          new RmiCommand(),
          new ImagePruneCommand(),
          new LoginCommand(),
          new LogoutCommand()
        }) {
      if (!wanted.test(Main.nameOf(command))) {
        continue;
      }
      commandLine.addSubcommand(command);
    }
  }
}
