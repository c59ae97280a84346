package dev.berth.agent.cli;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.PullOptions;
import dev.berth.agent.pull.ImageReference;
import dev.berth.oci.distribution.Credentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth login}: checks credentials against a registry and stores them in the auth file. */
@Command(
    name = "login",
    description = "Log in to a registry; credentials go to the containers auth file.",
    mixinStandardHelpOptions = true)
final class LoginCommand extends RegistryCommand {
  @Option(
      names = {"-u", "--username"},
      description = "User name.")
  String username;

  @Option(
      names = {"-p", "--password"},
      description = "Password (prefer --password-stdin).")
  String password;

  @Option(names = "--password-stdin", description = "Read the password from standard input.")
  boolean passwordStdin;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      fallbackValue = "true",
      description = "Require HTTPS (false allows plain HTTP).")
  Boolean tlsVerify;

  @Parameters(paramLabel = "REGISTRY", description = "Registry host[:port].")
  String registry;

  @Override
  int execute() throws IOException {
    if (password != null && passwordStdin) {
      throw new IllegalArgumentException("--password and --password-stdin cannot be combined");
    }
    // a daemon has no terminal to ask on: its callers give -u and -p (bin/berth runs login in a
    // process of its own for this reason)
    Console console = invocation.resident() ? null : System.console();
    if (username == null) {
      if (console == null) {
        throw new IllegalArgumentException("a user name is required (-u)");
      }
      username = console.readLine("Username: ");
    }
    if (passwordStdin) {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(invocation.stdin(), StandardCharsets.UTF_8));
      String line = reader.readLine();
      password = line == null ? "" : line;
    } else if (password == null) {
      if (console == null) {
        throw new IllegalArgumentException("a password is required (-p or --password-stdin)");
      }
      password = new String(console.readPassword("Password: "));
    }
    String host = host(registry);
    Credentials credentials = new Credentials(username, password);
    ImageService service = service();
    PullOptions options =
        PullOptions.defaults().withTlsVerify(tlsVerify).withCredentials(credentials);
    service.client(host, ImageReference.apiHostOf(host), null, options).checkAccess();
    service.authFile().store(host, credentials);
    out().println("Login Succeeded!");
    return 0;
  }
}
