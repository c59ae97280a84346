package dev.berth.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The hidden {@code container-monitor} command that {@code run -d} starts in a new session: it runs
 * the container, reports it started on stdout, and waits to record its exit.
 */
@Command(name = ContainerMonitorCommand.NAME, hidden = true)
final class ContainerMonitorCommand extends ContainerCommand {
  static final String NAME = "container-monitor";

  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Override
  int execute() throws IOException {
    return containers()
        .monitor(id, new PrintStream(invocation.stdout(), true, StandardCharsets.UTF_8));
  }
}
