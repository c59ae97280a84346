package dev.berth.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Base of the image commands that talk to a registry: podman's {@code --authfile} and {@code
 * --cert-dir}.
 */
abstract class RegistryCommand extends ImageCommand {
  @Option(
      names = "--authfile",
      description = "Auth file to use instead of the default search path.",
      paramLabel = "FILE")
  void setAuthFile(Path file) {
    authFile = file;
  }

  @Option(
      names = "--cert-dir",
      description =
          "Directory of CA certificates (*.crt) to trust for the registry, instead of those under"
              + " certs.d/HOST:PORT/ in ~/.config/containers, /etc/containers and /etc/docker.",
      paramLabel = "DIR")
  void setCertDir(Path directory) {
    certDir = directory;
  }

  /** The {@code host[:port]} of a REGISTRY argument, which may also be given as a URL. */
  static String host(String registry) {
    return registry.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }
}
