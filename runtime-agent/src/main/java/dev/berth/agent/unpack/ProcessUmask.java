package dev.berth.agent.unpack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's umask, read from {@code /proc/self/status} (Linux 4.7+), so that the applier knows
 * when a file's creation mode already is its final mode and a chmod can be saved. When it cannot be
 * read, every bit counts as masked and every file gets its chmod.
 *
 * @see <a
 *     href="https://man7.org/linux/man-pages/man5/proc_pid_status.5.html">proc_pid_status(5)</a>
 */
final class ProcessUmask {
  private ProcessUmask() {}

  static int read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return 0777;
  }
}
