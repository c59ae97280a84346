package dev.berth.agent.runtime;

import dev.berth.agent.linux.Linux;
import dev.berth.agent.snapshot.MountPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a container's root in the calling thread's new mount namespace and makes it the thread's
 * root: the overlay from the mount plan, a read-only {@code /sys}, a tmpfs {@code /dev} with the
 * standard devices, pts, shm and mqueue, the masked and read-only paths of the runtime-spec
 * defaults, then {@code pivot_root}; and, once the container's PID 1 exists, its {@code /proc}.
 *
 * <p>{@code /proc} is created with {@code fsconfig(pidns=FD)} naming the container's PID namespace
 * (Linux 6.18+): procfs otherwise takes the creating task's own PID namespace, which for a JVM
 * thread is the host's.
 *
 * @see <a
 *     href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">runtime-spec
 *     Linux config: default devices, masked and read-only paths</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/pivot_root.2.html">pivot_root(2)</a>
 */
final class RootfsSetup {
  /** Paths hidden from the container, as podman masks them. */
  static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/proc/interrupts",
          "/sys/firmware",
          "/sys/fs/selinux",
          "/sys/dev/block",
          "/sys/devices/virtual/powercap");

  /** Paths the container may read but not write. */
  static final List<String> READONLY_PATHS =
      List.of(
          "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /** The runtime-spec's default devices: name, major, minor. */
  private static final int[][] DEVICES = {
    {1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0},
  };

  private static final String[] DEVICE_NAMES = {"null", "zero", "full", "random", "urandom", "tty"};

  private final Linux linux;

  RootfsSetup(Linux linux) {
    this.linux = linux;
  }

  /**
   * Mounts everything under {@code plan.target()} and pivots into it. The thread must already be in
   * its own mount namespace (and, for {@code /proc}, have a PID namespace for its children).
   */
  void build(MountPlan plan, boolean readOnly, Path etcFiles) {
    linux.mount("none", "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null);
    // the container's /etc files: taken while the host's paths are reachable, placed after the
    // pivot, where /etc/hosts can only resolve inside the container's root
    List<Integer> etcTrees = new ArrayList<>();
    mountRoot(plan);
    String root = plan.target().toString();

    mkdirs(root + "/proc");

    mkdirs(root + "/sys");
    linux.mount(
        "sysfs",
        root + "/sys",
        "sysfs",
        Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC | Linux.MS_RDONLY,
        null);

    buildDev(root);

    mask(root, "/sys/");

    // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new.
    try {
      for (String name : EtcFiles.NAMES) {
        etcTrees.add(linux.openTree(etcFiles.resolve(name).toString()));
      }
      linux.chdir(root);
      linux.pivotRoot(".", ".");
      linux.umount2(".", Linux.MNT_DETACH);
      linux.chdir("/");
      for (int i = 0; i < etcTrees.size(); i++) {
        String target = "/etc/" + EtcFiles.NAMES.get(i);
        createMountPoint(Path.of(target));
        linux.moveMount(etcTrees.get(i), target);
      }
    } finally {
      for (int tree : etcTrees) {
        linux.close(tree);
      }
    }
    if (readOnly) {
      linux.mount("none", "/", null, Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY, null);
    }
  }

  /**
   * Mounts {@code /proc} for the PID namespace whose init is {@code initPid} and masks it. Runs on
   * a thread of its own that joins the container's mount namespace: procfs shows the PID namespace
   * of the task that creates it (or the one named by {@code pidns=}, which must already have its
   * init), so this can only happen once PID 1 exists, while it waits at the gate.
   */
  void mountProc(int initPid) {
    String ns = "/proc/" + initPid + "/ns/";
    int proc;
    try {
      proc = linux.procMount(ns + "pid");
    } catch (dev.berth.agent.linux.ErrnoException e) {
      if (e.errno() == 22) {
        throw new LaunchException(
            LaunchException.AGENT_ERROR,
            e.getMessage() + ": this kernel's procfs lacks the pidns option (Linux 6.18+ needed)",
            e);
      }
      throw e;
    }
    try {
      linux.unshare(Linux.CLONE_FS);
      linux.setns(ns + "mnt", Linux.CLONE_NEWNS);
      linux.moveMount(proc, "/proc");
    } finally {
      linux.close(proc);
    }
    mask("", "/proc/");
    for (String path : READONLY_PATHS) {
      if (Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
        linux.mount(path, path, null, Linux.MS_BIND | Linux.MS_REC, null);
        linux.mount(
            path,
            path,
            null,
            Linux.MS_BIND
                | Linux.MS_REMOUNT
                | Linux.MS_RDONLY
                | Linux.MS_NOSUID
                | Linux.MS_NODEV
                | Linux.MS_NOEXEC,
            null);
      }
    }
  }

  /**
   * Hides the masked paths under {@code prefix}: directories behind an empty read-only tmpfs, files
   * behind {@code /dev/null}.
   */
  private void mask(String root, String prefix) {
    for (String masked : MASKED_PATHS) {
      if (!masked.startsWith(prefix)) {
        continue;
      }
      Path path = Path.of(root + masked);
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        linux.mount("tmpfs", path.toString(), "tmpfs", Linux.MS_RDONLY, null);
      } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        linux.mount(root + "/dev/null", path.toString(), null, Linux.MS_BIND, null);
      }
    }
  }

  private void mountRoot(MountPlan plan) {
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String option : plan.options()) {
      switch (option) {
        case "bind" -> flags |= Linux.MS_BIND;
        case "rbind" -> flags |= Linux.MS_BIND | Linux.MS_REC;
        case "ro" -> flags |= Linux.MS_RDONLY;
        default -> data.add(option);
      }
    }
    if (plan.workingDirectory() != null) {
      // relative lowerdir names resolve against the thread's working directory
      linux.chdir(plan.workingDirectory().toString());
    }
    String type = plan.type().equals("bind") ? null : plan.type();
    linux.mount(
        plan.source(),
        plan.target().toString(),
        type,
        flags,
        data.isEmpty() ? null : String.join(",", data));
    if ((flags & (Linux.MS_BIND | Linux.MS_RDONLY)) == (Linux.MS_BIND | Linux.MS_RDONLY)) {
      linux.mount(
          "none",
          plan.target().toString(),
          null,
          Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY,
          null);
    }
  }

  /** An empty file to mount over, unless the image has something at that path already. */
  private static void createMountPoint(Path file) {
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(file.getParent());
        Files.createFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + " in the container: " + e, e);
    }
  }

  private void buildDev(String root) {
    String dev = root + "/dev";
    mkdirs(dev);
    linux.mount(
        "tmpfs", dev, "tmpfs", Linux.MS_NOSUID | Linux.MS_STRICTATIME, "mode=755,size=65536k");
    for (int i = 0; i < DEVICES.length; i++) {
      linux.mknodCharacter(dev + "/" + DEVICE_NAMES[i], 0666, DEVICES[i][0], DEVICES[i][1]);
    }
    try {
      // mknod applies the umask; the devices must be usable by every user
      for (String name : DEVICE_NAMES) {
        Files.setPosixFilePermissions(
            Path.of(dev, name),
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
      }
      Files.createSymbolicLink(Path.of(dev, "fd"), Path.of("/proc/self/fd"));
      Files.createSymbolicLink(Path.of(dev, "stdin"), Path.of("/proc/self/fd/0"));
      Files.createSymbolicLink(Path.of(dev, "stdout"), Path.of("/proc/self/fd/1"));
      Files.createSymbolicLink(Path.of(dev, "stderr"), Path.of("/proc/self/fd/2"));
      Files.createSymbolicLink(Path.of(dev, "ptmx"), Path.of("pts/ptmx"));
      Files.createSymbolicLink(Path.of(dev, "core"), Path.of("/proc/kcore"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot populate /dev: " + e, e);
    }
    mkdirs(dev + "/pts");
    linux.mount(
        "devpts",
        dev + "/pts",
        "devpts",
        Linux.MS_NOSUID | Linux.MS_NOEXEC,
        "newinstance,ptmxmode=0666,mode=0620,gid=5");
    mkdirs(dev + "/shm");
    linux.mount(
        "shm",
        dev + "/shm",
        "tmpfs",
        Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC,
        "mode=1777,size=65536k");
    mkdirs(dev + "/mqueue");
    linux.mount(
        "mqueue",
        dev + "/mqueue",
        "mqueue",
        Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC,
        null);
  }

  private static void mkdirs(String path) {
    try {
      Files.createDirectories(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create mount point " + path + ": " + e, e);
    }
  }
}
