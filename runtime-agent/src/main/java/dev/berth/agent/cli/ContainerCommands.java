package dev.berth.agent.cli;

import java.util.function.Predicate;
import picocli.CommandLine;

/** Registers the container commands (run, ps, logs, stop, kill, rm, inspect, exec, prune). */
final class ContainerCommands {
  private ContainerCommands() {}

  static void register(CommandLine commandLine, Predicate<String> wanted) {
    for (Object command :
        new Object[] {
          new RunCommand(),
          new PsCommand(),
          new LogsCommand(),
          new StopCommand(),
          new KillCommand(),
          new RmCommand(),
          new InspectCommand(),
          new ExecCommand(),
          new PruneCommand(),
          new ContainerMonitorCommand()
        }) {
      if (!wanted.test(Main.nameOf(command))) {
        continue;
      }
      CommandLine sub = new CommandLine(command);
      if (command instanceof RunCommand || command instanceof ExecCommand) {
        // everything after the image (or container) belongs to the container's command
        sub.setStopAtPositional(true);
      }
      commandLine.addSubcommand(sub);
    }
    // podman reports usage errors with 125, like any other error of the tool itself
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("Error: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return 125;
        });
  }
}
