package dev.berth.agent.cli;

import dev.berth.agent.runtime.EnvFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth exec}: runs another process in a running container. */
@Command(
    name = "exec",
    description = "Run a process in a running container.",
    mixinStandardHelpOptions = true)
final class ExecCommand extends ContainerCommand {
  @Option(
      names = {"-e", "--env"},
      description = "Set NAME=value, or pass NAME from here.")
  List<String> envOptions = new ArrayList<>();

  @Option(
      names = {"-u", "--user"},
      description = "user[:group], names or numbers.")
  String user;

  @Option(
      names = {"-w", "--workdir"},
      description = "Working directory inside the container.")
  String workdir;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
  List<String> command = new ArrayList<>();

  @Override
  int execute() throws IOException {
    List<String> extra = new ArrayList<>();
    for (String value : envOptions) {
      EnvFile.entry(value, env).ifPresent(extra::add);
    }
    return containers()
        .exec(
            container,
            command,
            extra,
            user,
            workdir,
            new FileOutputStream(FileDescriptor.out),
            new FileOutputStream(FileDescriptor.err));
  }
}
