package dev.berth.agent.cli;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.ContainerStore;
import dev.berth.agent.state.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Base of the image commands: the {@code --root} option, the environment, and podman's error
 * convention (one readable line on stderr, exit status 125).
 */
abstract class ImageCommand implements Callable<Integer> {
  /** Exit status for an error of the tool itself, as podman uses. */
  static final int EXIT_ERROR = 125;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--root",
      description = "State directory (default: $BERTH_ROOT or /var/lib/berth).",
      paramLabel = "DIR")
  Path root;

  /** Who asked: environment, directory, output. */
  Invocation invocation;

  /** An auth file given on the command line, overriding the search path (podman's --authfile). */
  Path authFile;

  /** CA certificates given on the command line, overriding certs.d (podman's --cert-dir). */
  Path certDir;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (IOException | RuntimeException e) {
      err().println("Error: " + oneLine(e.getMessage()));
      err().flush();
      return EXIT_ERROR;
    }
  }

  abstract int execute() throws IOException;

  ImageService service() {
    Map<String, String> env = invocation.env();
    Map<String, String> effective = env;
    if (authFile != null) {
      effective = new HashMap<>(env);
      effective.put("REGISTRY_AUTH_FILE", invocation.resolve(authFile).toString());
    }
    return ImageService.create(
        state(), effective, certDir == null ? null : invocation.resolve(certDir));
  }

  StateDirectory state() {
    return ContainerCommand.stateDirectory(root, invocation);
  }

  /** The containers on this host, to keep what they use. */
  ContainerStore containerStore() {
    return new ContainerStore(state());
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
