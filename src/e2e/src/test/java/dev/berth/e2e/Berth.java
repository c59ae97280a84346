package dev.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@code bin/berth} command line as a user would, with its own state directory. */
final class Berth {
  private final Path root;
  private final Map<String, String> environment;

  Berth(Path root, Map<String, String> environment) {
    this.root = root;
    this.environment = Map.copyOf(environment);
  }

  /** The outcome of one command. */
  record Result(int exitCode, String stdout, String stderr) {}

  Result run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Repository.ROOT.resolve("bin/berth").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BERTH_ROOT", root.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    var stderr = process.getErrorStream();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("berth " + String.join(" ", arguments) + " hung");
    }
    return new Result(process.exitValue(), out, err);
  }
}
