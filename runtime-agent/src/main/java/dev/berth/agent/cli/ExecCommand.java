package dev.berth.agent.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth exec}: runs another process in a running container. */
@Command(
    name = "exec",
    description = "Run a process in a running container.",
    mixinStandardHelpOptions = true)
final class ExecCommand extends ContainerCommand {
  @Mixin ProcessOptions process;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
  List<String> command = new ArrayList<>();

  @Override
  int execute() throws IOException {
    return containers()
        .exec(
            container,
            command,
            process.environment(env()),
            process.user,
            process.workdir,
            invocation.stdout(),
            invocation.stderr());
  }
}
