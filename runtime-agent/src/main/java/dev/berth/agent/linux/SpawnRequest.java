package dev.berth.agent.linux;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Linux#spawn} starts: an absolute program path (the caller resolves it against the
 * container's {@code PATH}), its argument vector and environment, the descriptors that become its
 * standard streams, and its working directory.
 *
 * @param program absolute path, resolved in the spawning thread's root
 * @param argv argument vector, {@code argv[0]} first
 * @param env {@code NAME=value} entries
 * @param stdin descriptor to become fd 0, or -1 for {@code /dev/null} as the child sees it
 * @param stdout descriptor to become fd 1
 * @param stderr descriptor to become fd 2
 * @param workingDirectory directory to change to before exec
 * @param gate the path of a FIFO the child opens (and so blocks on) before it changes to its
 *     working directory and execs, until {@link Linux#openGate} opens the other end; resolved
 *     against the spawning thread's working directory when relative; null for none
 * @param newSession whether the child starts a new session (detaches from the terminal)
 */
public record SpawnRequest(
    String program,
    List<String> argv,
    List<String> env,
    int stdin,
    int stdout,
    int stderr,
    String workingDirectory,
    String gate,
    boolean newSession) {
  public SpawnRequest {
    Objects.requireNonNull(program, "program");
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must contain at least argv[0]");
    }
  }
}
