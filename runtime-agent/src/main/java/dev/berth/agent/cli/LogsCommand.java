package dev.berth.agent.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs}: prints a container's stdout and stderr. */
@Command(name = "logs", description = "Show a container's output.", mixinStandardHelpOptions = true)
final class LogsCommand extends ContainerCommand {
  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the container exits.")
  boolean follow;

  @Option(names = "--tail", description = "Only the last N lines.")
  int tail = -1;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  int execute() throws IOException {
    containers().logs(container, tail, follow, invocation.stdout(), invocation.stderr());
    return 0;
  }
}
