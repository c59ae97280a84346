package dev.berth.registry.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real client program (skopeo, podman, docker-compose) and captures what it printed. */
final class ExternalCommand {
  private ExternalCommand() {}

  /** What a finished command printed (stdout and stderr merged) and its exit status. */
  record Result(List<String> command, int exitCode, String output) {
    /** The output, or an assertion error with the command and its output when it failed. */
    String orFail() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return output;
    }
  }

  /** Skips the calling test when {@code program} is not on the PATH. */
  static Path requireProgram(String program) {
    Path found = findProgram(program);
    assumeTrue(
        found != null, program + " is not installed (bin/test installs it from Debian packages)");
    return found;
  }

  static Path findProgram(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Runs {@code command} with {@code environment} added to (or, for null values, removed from) this
   * JVM's environment, killing it after {@code timeout}.
   */
  static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
    try {
      Path output = Files.createTempFile("berth-e2e-", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment.forEach(
            (name, value) -> {
              if (value == null) {
                builder.environment().remove(name);
              } else {
                builder.environment().put(name, value);
              }
            });
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
          throw new AssertionError(
              String.join(" ", command)
                  + " did not finish within "
                  + timeout
                  + ":\n"
                  + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(
            new ArrayList<>(command),
            process.exitValue(),
            Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }
}
