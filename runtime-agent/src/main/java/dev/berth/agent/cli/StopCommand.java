package dev.berth.agent.cli;

import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stop}: SIGTERM, then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop running containers.", mixinStandardHelpOptions = true)
final class StopCommand extends ContainerCommand {
  @Option(
      names = {"-t", "--time"},
      description = "Seconds to wait before SIGKILL (default 10).")
  long seconds = 10;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> references;

  @Override
  int execute() throws IOException {
    for (String reference : references) {
      Container stopped = containers().stop(reference, Duration.ofSeconds(seconds));
      out().println(stopped.name().equals(reference) ? reference : stopped.id());
    }
    return 0;
  }
}
