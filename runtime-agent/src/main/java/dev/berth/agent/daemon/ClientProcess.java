package dev.berth.agent.daemon;

import dev.berth.agent.linux.DescriptorOutputStream;
import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.Linux;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client process a daemon serves, as root sees it: its environment and working directory in
 * {@code /proc/<pid>}, and its own stdout and stderr, duplicated into the daemon with {@code
 * pidfd_getfd(2)}. What the command writes so goes where the client's output goes (a terminal, a
 * pipe, a file at the client's offset) with nothing relayed, and the client needs no code to copy
 * it: that is what lets {@code bin/berth} be the whole client.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/pidfd_getfd.2.html">pidfd_getfd(2)</a>
 */
final class ClientProcess implements Closeable {
  private final Map<String, String> environment;
  private final Path directory;
  private final DescriptorOutputStream stdout;
  private final DescriptorOutputStream stderr;

  private ClientProcess(
      Map<String, String> environment,
      Path directory,
      DescriptorOutputStream stdout,
      DescriptorOutputStream stderr) {
    this.environment = environment;
    this.directory = directory;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Attaches to the process {@code pid}, which must run as this process's user, taking its
   * descriptors {@code stdoutFd} and {@code stderrFd} as its stdout and stderr.
   *
   * @throws IOException when there is no such process of this user, or its descriptors cannot be
   *     taken (a kernel before 5.6, or a security module that forbids it)
   */
  static ClientProcess attach(Linux linux, int pid, int stdoutFd, int stderrFd, Path proc)
      throws IOException {
    Path process = proc.resolve(Integer.toString(pid));
    Object owner = Files.getAttribute(process, "unix:uid");
    Object self = Files.getAttribute(proc.resolve("self"), "unix:uid");
    if (!owner.equals(self)) {
      throw new IOException("process " + pid + " belongs to another user");
    }
    int pidfd;
    try {
      pidfd = linux.pidfdOpen(pid);
    } catch (ErrnoException e) {
      throw new IOException(e.getMessage(), e);
    }
    int out = -1;
    try {
      out = linux.pidfdGetfd(pidfd, stdoutFd);
      int err = linux.pidfdGetfd(pidfd, stderrFd);
      return new ClientProcess(
          environment(process),
          Files.readSymbolicLink(process.resolve("cwd")),
          new DescriptorOutputStream(linux, out),
          new DescriptorOutputStream(linux, err));
    } catch (ErrnoException e) {
      if (out >= 0) {
        linux.close(out);
      }
      throw new IOException(e.getMessage(), e);
    } finally {
      linux.close(pidfd);
    }
  }

  /** The environment the process started with ({@code /proc/<pid>/environ}). */
  private static Map<String, String> environment(Path process) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(process.resolve("environ"))) {
      bytes = in.readAllBytes();
    }
    Map<String, String> environment = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        String entry = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        int equals = entry.indexOf('=');
        if (equals > 0) {
          environment.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
        }
        start = i + 1;
      }
    }
    return environment;
  }

  Map<String, String> environment() {
    return environment;
  }

  Path directory() {
    return directory;
  }

  OutputStream stdout() {
    return stdout;
  }

  OutputStream stderr() {
    return stderr;
  }

  /** Closes the daemon's copies of the client's streams (a pipe's reader then sees its end). */
  @Override
  public void close() {
    stdout.close();
    stderr.close();
  }
}
