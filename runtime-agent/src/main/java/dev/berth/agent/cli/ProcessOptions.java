package dev.berth.agent.cli;

import dev.berth.agent.runtime.EnvFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that shape a process in a container, shared by {@code run} and {@code exec}. */
final class ProcessOptions {
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

  /** The {@code -e} entries as NAME=value, taking bare names from {@code env}. */
  List<String> environment(Map<String, String> env) {
    List<String> entries = new ArrayList<>();
    for (String value : envOptions) {
      EnvFile.entry(value, env).ifPresent(entries::add);
    }
    return entries;
  }
}
