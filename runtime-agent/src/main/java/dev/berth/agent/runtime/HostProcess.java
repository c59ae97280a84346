package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about a host process read from {@code /proc}: whether a PID still names the process we
 * started (its start time, field 22 of {@code stat}, changes when the PID is reused).
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html">proc_pid_stat(5)</a>
 */
public final class HostProcess {
  private HostProcess() {}

  /** The start time of a process in clock ticks since boot, or -1 when it does not exist. */
  public static long startTime(int pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat;
      try (var in = Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
        stat = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // the command name (field 2) may contain spaces and parentheses: skip past the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if ("Z".equals(fields[0]) || "X".equals(fields[0])) {
        return -1;
      }
      return Long.parseLong(fields[19]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether {@code pid} is alive and is the process that started at {@code startTime}. */
  public static boolean isAlive(int pid, long startTime) {
    long actual = startTime(pid);
    return actual >= 0 && (startTime == 0 || actual == startTime);
  }
}
