package dev.berth.agent.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;
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
    return commandLine(invocation, name -> true);
  }

  /** The command tree with only the subcommands {@code wanted} names. */
  private static CommandLine commandLine(Invocation invocation, Predicate<String> wanted) {
    CommandLine commandLine = new CommandLine(new Main());
    ImageCommands.register(commandLine, invocation, wanted);
    ContainerCommands.register(commandLine, invocation, wanted);
    if (wanted.test(DaemonCommand.NAME)) {
      commandLine.addSubcommand(new DaemonCommand(invocation));
    }
    commandLine.setOut(writer(invocation.stdout()));
    commandLine.setErr(writer(invocation.stderr()));
    commandLine.registerConverter(Path.class, text -> invocation.resolve(Path.of(text)));
    return commandLine;
  }

  /** Runs a command tree and flushes what it printed; returns the exit status. */
  public static int execute(Invocation invocation, String... args) {
    // Building a command's model is reflection over its options (about 0.2 ms each, warm): for a
    // known command, build only its own; top-level help and typos still see the whole tree.
    CommandLine commandLine =
        args.length > 0 ? commandLine(invocation, args[0]::equals) : commandLine(invocation);
    if (commandLine.getSubcommands().isEmpty()) {
      commandLine = commandLine(invocation);
    }
    invocation.timing().mark("command line built");
    try {
      return commandLine.execute(args);
    } finally {
      commandLine.getOut().flush();
      commandLine.getErr().flush();
    }
  }

  /** The name a command object is registered under. */
  static String nameOf(Object command) {
    return command.getClass().getAnnotation(Command.class).name();
  }

  private static PrintWriter writer(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  public static void main(String[] args) {
    System.exit(execute(Invocation.process(System.nanoTime()), args));
  }
}
