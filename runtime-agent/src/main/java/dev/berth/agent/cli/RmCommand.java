package dev.berth.agent.cli;

import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm}: removes containers. */
@Command(name = "rm", description = "Remove containers.", mixinStandardHelpOptions = true)
final class RmCommand extends ContainerCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Kill running containers first.")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> references;

  @Override
  int execute() throws IOException {
    for (String reference : references) {
      out().println(containers().remove(reference, force).id());
    }
    return 0;
  }
}
