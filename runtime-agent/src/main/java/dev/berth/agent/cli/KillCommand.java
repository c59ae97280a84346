package dev.berth.agent.cli;

import dev.berth.agent.runtime.Signals;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill}: sends a signal (default KILL) to containers. */
@Command(name = "kill", description = "Signal running containers.", mixinStandardHelpOptions = true)
final class KillCommand extends ContainerCommand {
  @Option(
      names = {"-s", "--signal"},
      description = "Signal name or number (default KILL).")
  String signal = "KILL";

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> references;

  @Override
  int execute() throws IOException {
    int number = Signals.parse(signal);
    for (String reference : references) {
      out().println(containers().kill(reference, number).id());
    }
    return 0;
  }
}
