package dev.berth.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/berth} as the command-line tests run it: a process of its own, output collected. */
public final class BerthProcess {
  /** The launcher script of this checkout. */
  public static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  private BerthProcess() {}

  /** How a process ended: its exit status and everything it printed. */
  public record Result(int exit, String out, String err) {}

  /** {@code bin/berth} with these arguments, as a command line. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(BERTH.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts {@code command} with {@code BERTH_ROOT} set to {@code root}, plus {@code env}, in {@code
   * directory} (or this one when null).
   */
  public static Process start(
      List<String> command, Path root, Map<String, String> env, Path directory) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BERTH_ROOT", root.toString());
    builder.environment().putAll(env);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the process's output to the end and waits (a minute at most) for it to exit. */
  public static Result finish(Process process) {
    try {
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
