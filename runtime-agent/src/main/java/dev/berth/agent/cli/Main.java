package dev.berth.agent.cli;

import dev.berth.agent.runtime.ContainerService;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    return bind(unbound(wanted), invocation);
  }

  /** A command tree whose commands are not yet tied to a caller. */
  private static CommandLine unbound(Predicate<String> wanted) {
    CommandLine commandLine = new CommandLine(new Main());
    ImageCommands.register(commandLine, wanted);
    ContainerCommands.register(commandLine, wanted);
    if (wanted.test(DaemonCommand.NAME)) {
      commandLine.addSubcommand(new DaemonCommand());
    }
    return commandLine;
  }

  /** Ties a tree to its caller: the commands' invocation, output, and relative paths. */
  private static CommandLine bind(CommandLine commandLine, Invocation invocation) {
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommand() instanceof ContainerCommand command) {
        command.invocation = invocation;
      } else if (sub.getCommand() instanceof ImageCommand command) {
        command.invocation = invocation;
      }
    }
    commandLine.setOut(writer(invocation.stdout()));
    commandLine.setErr(writer(invocation.stderr()));
    commandLine.registerConverter(Path.class, text -> invocation.resolve(Path.of(text)));
    return commandLine;
  }

  /**
   * Trees built ahead for a resident daemon, by command name: building a command's model is
   * reflection over its options (1.6 ms for {@code run}, warm), so the daemon builds the next
   * request's tree after answering this one. A tree serves one request (its commands keep the
   * parsed options).
   */
  private static final Map<String, CommandLine> AHEAD = new ConcurrentHashMap<>();

  /** The tree for a command named {@code name}, only its own model built. */
  private static CommandLine forCommand(Invocation invocation, String name) {
    CommandLine ready = invocation.resident() ? AHEAD.remove(name) : null;
    CommandLine commandLine = ready != null ? ready : unbound(name::equals);
    if (commandLine.getSubcommands().isEmpty()) {
      return commandLine(invocation); // top-level help, or a typo: the whole tree
    }
    if (invocation.resident()) {
      ContainerService.background().execute(() -> AHEAD.put(name, unbound(name::equals)));
    }
    return bind(commandLine, invocation);
  }

  /** Runs a command tree and flushes what it printed; returns the exit status. */
  public static int execute(Invocation invocation, String... args) {
    // For a known command, build only its own model; top-level help and typos see the whole tree.
    CommandLine commandLine =
        args.length > 0 ? forCommand(invocation, args[0]) : commandLine(invocation);
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
