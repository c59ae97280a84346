package dev.berth.agent.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth prune}: removes every stopped container. */
@Command(
    name = "prune",
    description = "Remove stopped containers.",
    mixinStandardHelpOptions = true)
final class PruneCommand extends ContainerCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Do not ask (berth never asks).")
  boolean force;

  @Override
  int execute() throws IOException {
    for (String id : containers().prune()) {
      out().println(id);
    }
    return 0;
  }
}
