package dev.berth.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A container's cgroup, made and changed with plain file writes as its {@link CgroupPlan} says.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">cgroup v2</a>
 */
public final class Cgroup {
  private final CgroupPlan plan;

  private Cgroup(CgroupPlan plan) {
    this.plan = plan;
  }

  /** Creates the directories (existing ones are fine) and writes the limits. */
  public static Cgroup create(CgroupPlan plan) {
    try {
      for (Path directory : plan.directories()) {
        if (!Files.isDirectory(directory)) {
          try {
            Files.createDirectory(directory);
          } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another agent made it first
          }
        }
      }
      for (CgroupPlan.Setting setting : plan.settings()) {
        if (setting.optional() && !Files.exists(setting.file())) {
          continue;
        }
        write(setting.file(), setting.value());
      }
      return new Cgroup(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up cgroup: " + e.getMessage(), e);
    }
  }

  /** An existing cgroup, to join or read (for {@code exec} and after a restart). */
  public static Cgroup existing(CgroupPlan plan) {
    return new Cgroup(plan);
  }

  /** Moves a whole process (all its threads) in. */
  public void join(int pid) {
    writeAll(plan.procs(), pid);
  }

  /**
   * Moves only the given thread in, so that what it spawns is born inside; false on v2, where a
   * process's threads cannot be split across cgroups.
   */
  public boolean joinThread(int tid) {
    if (plan.tasks().isEmpty()) {
      return false;
    }
    writeAll(plan.tasks(), tid);
    return true;
  }

  /**
   * Moves the calling thread in, like {@link #joinThread} with its own ID, but cheaply: the kernel
   * takes its global threadgroup lock, whose write side waits for an RCU grace period (many
   * milliseconds on a busy or virtual machine), for every migration except that of the writing
   * thread itself, which it names "0".
   *
   * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">cgroup v1, tasks</a>
   */
  public boolean joinCurrentThread() {
    if (plan.tasks().isEmpty()) {
      return false;
    }
    writeAll(plan.tasks(), 0);
    return true;
  }

  /** Whether the kernel's OOM killer killed a process of this cgroup. */
  public boolean oomKilled() {
    Path events = plan.oomEvents();
    if (events == null) {
      return false;
    }
    try {
      try (var in = Files.newInputStream(events)) {
        return OomEvents.killed(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the container's directories (leaves first); the parent stays for other containers. */
  public void remove() {
    List<Path> directories = plan.directories();
    for (int i = directories.size() - 1; i >= 0; i--) {
      Path directory = directories.get(i);
      if (directory.getFileName().toString().equals(CgroupPlan.PARENT)) {
        continue;
      }
      removeDirectory(directory);
    }
  }

  private static void removeDirectory(Path directory) {
    // A just-reaped container's tasks can take a moment to leave: retry EBUSY for up to 2 s,
    // first after 0.1 ms, then doubling the pause, since it is usually gone within a millisecond.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(100);
    while (true) {
      try {
        Files.deleteIfExists(directory);
        return;
      } catch (FileSystemException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot remove cgroup " + directory, e);
        }
        LockSupport.parkNanos(pauseNanos);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(50));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void writeAll(List<Path> files, int id) {
    try {
      for (Path file : files) {
        write(file, Integer.toString(id));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + id + " into its cgroup: " + e, e);
    }
  }

  private static void write(Path file, String value) throws IOException {
    // One write(2) per value: cgroup files take a whole value per write.
    Files.write(
        file,
        value.getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Parses the OOM counters of {@code memory.events} (v2) or {@code memory.oom_control} (v1). */
  static final class OomEvents {
    private OomEvents() {}

    static boolean killed(String text) {
      for (String line : text.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2 && parts[0].equals("oom_kill") && Long.parseLong(parts[1]) > 0) {
          return true;
        }
      }
      return false;
    }
  }
}
