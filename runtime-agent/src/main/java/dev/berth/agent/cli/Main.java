package dev.berth.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code berth} command line. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    version = "berth 0.1.0",
    description = "Pull OCI images and run them as containers.")
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** The command tree, shared by the CLI and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    ImageCommands.register(commandLine);
    ContainerCommands.register(commandLine);
    return commandLine;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
