package dev.berth.agent.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout}: removes a registry's credentials from the auth file. */
@Command(
    name = "logout",
    description = "Remove the stored credentials of a registry.",
    mixinStandardHelpOptions = true)
final class LogoutCommand extends RegistryCommand {
  @Parameters(paramLabel = "REGISTRY", description = "Registry host[:port].")
  String registry;

  @Override
  int execute() throws IOException {
    String host = host(registry);
    var authFile = service().authFile();
    if (!authFile.remove(host)) {
      throw new IllegalArgumentException(
          "not logged in to " + host + " (no entry in " + authFile.writeTarget() + ")");
    }
    out().println("Removed login credentials for " + host);
    return 0;
  }
}
