package dev.berth.agent.cli;

import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.runtime.ContainerService;
import dev.berth.agent.runtime.FreshThreads;
import dev.berth.agent.runtime.LaunchException;
import dev.berth.agent.runtime.NoSuchContainerException;
import dev.berth.agent.snapshot.OverlayPlanner;
import dev.berth.agent.state.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Base of the container commands: {@code --root}, and podman's exit convention (the container's
 * status where there is one, else one line on stderr and 125 for an error of the agent).
 */
abstract class ContainerCommand implements Callable<Integer> {
  /** The cgroup file system the agent manages limits in. */
  static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--root",
      description = "State directory (default: $BERTH_ROOT or /var/lib/berth).",
      paramLabel = "DIR")
  Path root;

  /** Who asked: environment, directory, output, signals. */
  Invocation invocation;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (LaunchException e) {
      err().println("Error: " + oneLine(e.getMessage()));
      err().flush();
      return e.exitCode();
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException
        | NoSuchContainerException
        | ErrnoException e) {
      if (OutputClosedException.in(e)) {
        return OutputClosedException.STATUS; // nobody reads: no message, as for a SIGPIPE
      }
      err().println("Error: " + oneLine(e.getMessage()));
      err().flush();
      return LaunchException.AGENT_ERROR;
    }
  }

  abstract int execute() throws IOException;

  StateDirectory state() {
    return stateDirectory(root, invocation);
  }

  /**
   * The state directory from {@code --root} or the caller's $BERTH_ROOT, as the caller means it.
   */
  static StateDirectory stateDirectory(Path root, Invocation invocation) {
    String fromEnv = invocation.env().get(StateDirectory.ENV);
    Path flag =
        root != null || fromEnv == null || fromEnv.isBlank()
            ? root
            : invocation.resolve(Path.of(fromEnv));
    return StateDirectory.resolve(flag, invocation.env());
  }

  ContainerService containers() {
    return new ContainerService(
        state(),
        LinuxKernel.instance(),
        CGROUP_ROOT,
        OverlayPlanner::writable,
        err(),
        invocation.timing(),
        invocation.resident() ? ContainerService.background() : Runnable::run,
        invocation.resident() ? ContainerService.launchThreads() : FreshThreads.perTask());
  }

  Map<String, String> env() {
    return invocation.env();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replace('\n', ' ');
  }
}
