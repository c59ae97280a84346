package dev.berth.registry.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman with an image store of its own under a temporary directory (vfs, so no overlay mounts are
 * left behind), the cgroup manager and event log that work on this kind of machine.
 *
 * @see <a href="https://docs.podman.io/en/latest/markdown/podman.1.html">podman(1)</a>
 */
public final class Podman {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Path program;
  private final Path work;

  /** A podman whose store lives under {@code work}; skips the test when podman is absent. */
  Podman(Path work) {
    this.program = ExternalCommand.requireProgram("podman");
    this.work = work;
  }

  /** {@code podman ARGS…} with this store; fails the test when podman fails. */
  String run(String... args) {
    return result(args).orFail();
  }

  /** Like {@link #run} but returns the result whatever the exit status. */
  ExternalCommand.Result result(String... args) {
    List<String> command = command(program.toString(), work);
    command.addAll(List.of(args));
    return ExternalCommand.run(command, Map.of("TMPDIR", work.toString()), TIMEOUT);
  }

  /**
   * {@code podman} with its store under {@code work} and the flags this machine needs, ready for
   * its arguments.
   */
  public static List<String> command(String program, Path work) {
    return new ArrayList<>(
        List.of(
            program,
            "--root",
            work.resolve("podman/root").toString(),
            "--runroot",
            work.resolve("podman/run").toString(),
            "--tmpdir",
            work.resolve("podman/tmp").toString(),
            "--storage-driver=vfs",
            "--cgroup-manager=cgroupfs",
            "--events-backend=file"));
  }
}
