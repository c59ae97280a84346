package dev.berth.agent.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /** The command tree for this process's own caller (tests). */
  public static CommandLine commandLine() {
    return commandLine(Invocation.process(System.nanoTime()));
  }

  /**
   * The command tree answering one caller: its output goes to the caller's stdout and stderr, and
   * relative paths in options are relative to the caller's directory.
   */
  public static CommandLine commandLine(Invocation invocation) {
    CommandLine commandLine = new CommandLine(new Main());
    ImageCommands.register(commandLine, invocation);
    ContainerCommands.register(commandLine, invocation);
    commandLine.addSubcommand(new DaemonCommand(invocation));
    commandLine.setOut(writer(invocation.stdout()));
    commandLine.setErr(writer(invocation.stderr()));
    commandLine.registerConverter(Path.class, text -> invocation.resolve(Path.of(text)));
    return commandLine;
  }

  /** Runs a command tree and flushes what it printed; returns the exit status. */
  public static int execute(Invocation invocation, String... args) {
    CommandLine commandLine = commandLine(invocation);
    try {
      return commandLine.execute(args);
    } finally {
      commandLine.getOut().flush();
      commandLine.getErr().flush();
    }
  }

  private static PrintWriter writer(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  public static void main(String[] args) {
    System.exit(execute(Invocation.process(System.nanoTime()), args));
  }
}
