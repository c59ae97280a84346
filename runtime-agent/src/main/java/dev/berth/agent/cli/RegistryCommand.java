package dev.berth.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Base of the image commands that use a registry's credentials: podman's {@code --authfile}. */
abstract class RegistryCommand extends ImageCommand {
  @Option(
      names = "--authfile",
      description = "Auth file to use instead of the default search path.",
      paramLabel = "FILE")
  void setAuthFile(Path file) {
    authFile = file;
  }

  /** The {@code host[:port]} of a REGISTRY argument, which may also be given as a URL. */
  static String host(String registry) {
    return registry.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }
}
