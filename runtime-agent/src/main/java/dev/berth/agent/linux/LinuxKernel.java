package dev.berth.agent.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one class that calls the kernel through JNA (direct mapping: no reflection and no class
 * loading per call, which matters because some calls run after {@code pivot_root}, when the JVM's
 * own files are out of the thread's sight). Calls without a libc wrapper, and those whose wrapper
 * would act on every thread of the process, go through {@code syscall(2)} with the numbers of the
 * running architecture.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/syscall.2.html">syscall(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man3/posix_spawn.3.html">posix_spawn(3)</a>
 */
public final class LinuxKernel implements Linux {
  private static final LinuxKernel INSTANCE = new LinuxKernel();

  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 1;
  private static final int O_NONBLOCK = 04000;
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int EINTR = 4;
  private static final int ENXIO = 6;

  // The mount API's numbers are the same on every architecture (added after the tables merged).
  private static final long SYS_OPEN_TREE = 428;
  private static final long SYS_MOVE_MOUNT = 429;
  private static final long SYS_FSOPEN = 430;
  private static final long SYS_FSCONFIG = 431;
  private static final long SYS_FSMOUNT = 432;
  private static final long SYS_PIDFD_OPEN = 434;
  private static final long SYS_PIDFD_GETFD = 438;
  private static final int FSOPEN_CLOEXEC = 1;
  private static final int FSCONFIG_SET_FD = 5;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int FSMOUNT_CLOEXEC = 1;
  private static final int MOUNT_ATTR_NOSUID = 2;
  private static final int MOUNT_ATTR_NODEV = 4;
  private static final int MOUNT_ATTR_NOEXEC = 8;
  private static final int MOVE_MOUNT_F_EMPTY_PATH = 4;
  private static final int OPEN_TREE_CLONE = 1;
  private static final int OPEN_TREE_CLOEXEC = 0x80000; // O_CLOEXEC
  private static final int AT_FDCWD = -100;

  private static final int PR_SET_KEEPCAPS = 8;
  private static final int PR_CAPBSET_DROP = 24;
  private static final int PR_SET_NO_NEW_PRIVS = 38;
  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  private static final int SIOCGIFFLAGS = 0x8913;
  private static final int SIOCSIFFLAGS = 0x8914;
  private static final short IFF_UP = 1;

  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final short POSIX_SPAWN_SETSID = 0x80;

  /** Large enough for glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336). */
  private static final int SPAWN_STRUCT_SIZE = 512;

  private static final int SIGSET_SIZE = 128;

  private final Syscalls numbers = Syscalls.forArchitecture(System.getProperty("os.arch"));
  private final int lastCapability = readLastCapability();

  private LinuxKernel() {
    // Memory registers with JNA's cleaner, whose thread starts on first use; start it here so
    // that it is never born on a container's launch thread with that thread's namespaces.
    try (Memory warm = new Memory(8)) {
      warm.setLong(0, C.gettid());
    }
    // loaded here, not on a launch thread that has left the class path behind
    new StringArray(new String[] {"warm"}, "UTF-8").close();
  }

  /** The kernel of this host; loads libc once. */
  public static LinuxKernel instance() {
    return INSTANCE;
  }

  /** The direct-mapped libc functions. */
  private static final class C {
    static {
      Native.register(C.class, NativeLibrary.getInstance("c"));
    }

    static native int unshare(int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int mount(String source, String target, String type, long flags, String data)
        throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;

    static native int chdir(String path) throws LastErrorException;

    static native int fchdir(int fd) throws LastErrorException;

    static native int sethostname(byte[] name, long length) throws LastErrorException;

    static native int mknod(String path, int mode, long dev) throws LastErrorException;

    static native int mkfifo(String path, int mode) throws LastErrorException;

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

    static native int gettid();

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;

    static native long syscall(long number, String a, String b) throws LastErrorException;

    static native long syscall(long number, long a, long b, long c, long d, long e)
        throws LastErrorException;

    static native long syscall(long number, Pointer a, Pointer b) throws LastErrorException;

    static native long syscall(long number, String a, long b) throws LastErrorException;

    static native long syscall(long number, long a, long b, String c, Pointer d, long e)
        throws LastErrorException;

    static native long syscall(long number, long a, String b, long c, String d, long e)
        throws LastErrorException;

    static native long syscall(long number, long a, int[] b) throws LastErrorException;

    static native long syscall(long number, long a, String b, long c) throws LastErrorException;

    static native long syscall(long number, long a, long b, Pointer c) throws LastErrorException;

    static native int posix_spawn(
        int[] pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer env);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_addopen(
        Pointer actions, int fd, String path, int flags, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_destroy(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);
  }

  @Override
  public void unshare(int flags) {
    try {
      C.unshare(flags);
    } catch (LastErrorException e) {
      throw failed("unshare", "0x" + Integer.toHexString(flags), e);
    }
  }

  @Override
  public void setns(String path, int nstype) {
    int fd;
    try {
      fd = C.open(path, O_RDONLY | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failed("open", path, e);
    }
    try {
      C.setns(fd, nstype);
    } catch (LastErrorException e) {
      throw failed("setns", path, e);
    } finally {
      C.close(fd);
    }
  }

  @Override
  public void mount(String source, String target, String type, long flags, String data) {
    try {
      C.mount(source, target, type, flags, data);
    } catch (LastErrorException e) {
      throw failed("mount", target, e);
    }
  }

  @Override
  public int procMount(String pidNamespace) {
    int namespace;
    try {
      namespace = C.open(pidNamespace, O_RDONLY | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failed("open", pidNamespace, e);
    }
    int context = -1;
    try {
      context = (int) C.syscall(SYS_FSOPEN, "proc", FSOPEN_CLOEXEC);
      C.syscall(SYS_FSCONFIG, context, FSCONFIG_SET_FD, "pidns", null, namespace);
      C.syscall(SYS_FSCONFIG, context, FSCONFIG_CMD_CREATE, null, null, 0);
      return (int)
          C.syscall(
              SYS_FSMOUNT,
              context,
              FSMOUNT_CLOEXEC,
              MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
              0,
              0);
    } catch (LastErrorException e) {
      throw failed("fsmount(proc)", pidNamespace, e);
    } finally {
      C.close(namespace);
      if (context >= 0) {
        C.close(context);
      }
    }
  }

  @Override
  public int openTree(String path) {
    try {
      return (int) C.syscall(SYS_OPEN_TREE, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    } catch (LastErrorException e) {
      throw failed("open_tree", path, e);
    }
  }

  @Override
  public void moveMount(int mountFd, String target) {
    try {
      C.syscall(SYS_MOVE_MOUNT, mountFd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
    } catch (LastErrorException e) {
      throw failed("move_mount", target, e);
    }
  }

  @Override
  public void umount2(String target, int flags) {
    try {
      C.umount2(target, flags);
    } catch (LastErrorException e) {
      throw failed("umount2", target, e);
    }
  }

  @Override
  public void pivotRoot(String newRoot, String putOld) {
    try {
      C.syscall(numbers.pivotRoot(), newRoot, putOld);
    } catch (LastErrorException e) {
      throw failed("pivot_root", newRoot, e);
    }
  }

  @Override
  public void chdir(String directory) {
    try {
      C.chdir(directory);
    } catch (LastErrorException e) {
      throw failed("chdir", directory, e);
    }
  }

  @Override
  public void fchdir(int fd) {
    try {
      C.fchdir(fd);
    } catch (LastErrorException e) {
      throw failed("fchdir", Integer.toString(fd), e);
    }
  }

  @Override
  public void sethostname(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    try {
      C.sethostname(bytes, bytes.length);
    } catch (LastErrorException e) {
      throw failed("sethostname", name, e);
    }
  }

  @Override
  public void mknodCharacter(String path, int mode, int major, int minor) {
    long dev =
        ((major & 0xfffff000L) << 32)
            | ((major & 0xfffL) << 8)
            | ((minor & 0xffffff00L) << 12)
            | (minor & 0xffL);
    try {
      C.mknod(path, S_IFCHR | mode, dev);
    } catch (LastErrorException e) {
      throw failed("mknod", path, e);
    }
  }

  @Override
  public void mkfifo(String path, int mode) {
    try {
      C.mkfifo(path, mode);
    } catch (LastErrorException e) {
      throw failed("mkfifo", path, e);
    }
  }

  @Override
  public int openPath(String path) {
    try {
      return C.open(path, O_PATH | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failed("open", path, e);
    }
  }

  @Override
  public boolean openGate(int gate) {
    String path = "/proc/self/fd/" + gate;
    int fd;
    try {
      fd = C.open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENXIO) {
        return false;
      }
      throw failed("open", path, e);
    }
    C.close(fd);
    return true;
  }

  @Override
  public int holdGateOpen(int gate) {
    String path = "/proc/self/fd/" + gate;
    try {
      return C.open(path, O_RDWR | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failed("open", path, e);
    }
  }

  @Override
  public void close(int fd) {
    try {
      C.close(fd);
    } catch (LastErrorException e) {
      throw failed("close", Integer.toString(fd), e);
    }
  }

  @Override
  public int[] pipe() {
    int[] fds = new int[2];
    try {
      C.pipe2(fds, O_CLOEXEC);
    } catch (LastErrorException e) {
      throw failed("pipe2", "O_CLOEXEC", e);
    }
    return fds;
  }

  @Override
  public int read(int fd, byte[] buffer) {
    while (true) {
      try {
        return (int) C.read(fd, buffer, buffer.length);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw failed("read", Integer.toString(fd), e);
        }
      }
    }
  }

  @Override
  public int write(int fd, byte[] buffer, int offset, int length) {
    byte[] bytes = offset == 0 ? buffer : Arrays.copyOfRange(buffer, offset, offset + length);
    while (true) {
      try {
        return (int) C.write(fd, bytes, length);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw failed("write", Integer.toString(fd), e);
        }
      }
    }
  }

  @Override
  public int pidfdOpen(int pid) {
    try {
      return (int) C.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0, 0);
    } catch (LastErrorException e) {
      throw failed("pidfd_open", Integer.toString(pid), e);
    }
  }

  @Override
  public int pidfdGetfd(int pidfd, int fd) {
    try {
      return (int) C.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0, 0, 0);
    } catch (LastErrorException e) {
      throw failed("pidfd_getfd", Integer.toString(fd), e);
    }
  }

  @Override
  public int gettid() {
    return C.gettid();
  }

  @Override
  public void dropBoundingSet(long keep) {
    for (int cap = 0; cap <= lastCapability; cap++) {
      if ((keep & (1L << cap)) == 0) {
        try {
          C.syscall(numbers.prctl(), PR_CAPBSET_DROP, cap, 0, 0, 0);
        } catch (LastErrorException e) {
          throw failed("prctl", "PR_CAPBSET_DROP " + cap, e);
        }
      }
    }
  }

  @Override
  public void capset(long effective, long permitted, long inheritable) {
    try (Memory header = new Memory(8);
        Memory data = new Memory(24)) {
      header.setInt(0, LINUX_CAPABILITY_VERSION_3);
      header.setInt(4, 0);
      data.setInt(0, (int) effective);
      data.setInt(4, (int) permitted);
      data.setInt(8, (int) inheritable);
      data.setInt(12, (int) (effective >>> 32));
      data.setInt(16, (int) (permitted >>> 32));
      data.setInt(20, (int) (inheritable >>> 32));
      C.syscall(numbers.capset(), header, data);
    } catch (LastErrorException e) {
      throw failed("capset", "0x" + Long.toHexString(effective), e);
    }
  }

  @Override
  public void setNoNewPrivileges() {
    try {
      C.syscall(numbers.prctl(), PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    } catch (LastErrorException e) {
      throw failed("prctl", "PR_SET_NO_NEW_PRIVS", e);
    }
  }

  @Override
  public void setKeepCapabilities(boolean keep) {
    try {
      C.syscall(numbers.prctl(), PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0);
    } catch (LastErrorException e) {
      throw failed("prctl", "PR_SET_KEEPCAPS", e);
    }
  }

  @Override
  public void setIdentity(int uid, int gid, int[] groups) {
    try {
      C.syscall(numbers.setgroups(), groups.length, groups.length == 0 ? new int[1] : groups);
    } catch (LastErrorException e) {
      throw failed("setgroups", Arrays.toString(groups), e);
    }
    try {
      C.syscall(numbers.setresgid(), gid, gid, gid, 0, 0);
    } catch (LastErrorException e) {
      throw failed("setresgid", Integer.toString(gid), e);
    }
    try {
      C.syscall(numbers.setresuid(), uid, uid, uid, 0, 0);
    } catch (LastErrorException e) {
      throw failed("setresuid", Integer.toString(uid), e);
    }
  }

  @Override
  public void loopbackUp() {
    int socket;
    try {
      socket = C.socket(AF_INET, SOCK_DGRAM | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw failed("socket", "AF_INET", e);
    }
    try (Memory request = new Memory(40)) {
      request.clear();
      request.setString(0, "lo", "US-ASCII");
      C.syscall(numbers.ioctl(), socket, SIOCGIFFLAGS, request);
      request.setShort(16, (short) (request.getShort(16) | IFF_UP));
      C.syscall(numbers.ioctl(), socket, SIOCSIFFLAGS, request);
    } catch (LastErrorException e) {
      throw failed("ioctl", "lo", e);
    } finally {
      C.close(socket);
    }
  }

  @Override
  public int spawn(SpawnRequest request) {
    try (Memory actions = new Memory(SPAWN_STRUCT_SIZE);
        Memory attributes = new Memory(SPAWN_STRUCT_SIZE);
        Memory emptySet = new Memory(SIGSET_SIZE);
        Memory fullSet = new Memory(SIGSET_SIZE)) {
      check("posix_spawn_file_actions_init", C.posix_spawn_file_actions_init(actions));
      check("posix_spawnattr_init", C.posix_spawnattr_init(attributes));
      try {
        if (request.gate() != null) {
          // Blocks in the child, already in its namespaces, until the other end is opened.
          check(
              "posix_spawn_file_actions_addopen",
              C.posix_spawn_file_actions_addopen(actions, 0, request.gate(), O_RDONLY, 0));
        }
        if (request.stdin() < 0) {
          check(
              "posix_spawn_file_actions_addopen",
              C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0));
        } else {
          check(
              "posix_spawn_file_actions_adddup2",
              C.posix_spawn_file_actions_adddup2(actions, request.stdin(), 0));
        }
        check(
            "posix_spawn_file_actions_adddup2",
            C.posix_spawn_file_actions_adddup2(actions, request.stdout(), 1));
        check(
            "posix_spawn_file_actions_adddup2",
            C.posix_spawn_file_actions_adddup2(actions, request.stderr(), 2));
        check(
            "posix_spawn_file_actions_addchdir_np",
            C.posix_spawn_file_actions_addchdir_np(actions, request.workingDirectory()));
        check(
            "posix_spawn_file_actions_addclosefrom_np",
            C.posix_spawn_file_actions_addclosefrom_np(actions, 3));
        C.sigemptyset(emptySet);
        C.sigfillset(fullSet);
        short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        if (request.newSession()) {
          flags |= POSIX_SPAWN_SETSID;
        }
        check("posix_spawnattr_setflags", C.posix_spawnattr_setflags(attributes, flags));
        check("posix_spawnattr_setsigmask", C.posix_spawnattr_setsigmask(attributes, emptySet));
        check(
            "posix_spawnattr_setsigdefault", C.posix_spawnattr_setsigdefault(attributes, fullSet));
        StringArray argv = new StringArray(request.argv().toArray(new String[0]), "UTF-8");
        StringArray env = new StringArray(request.env().toArray(new String[0]), "UTF-8");
        int[] pid = new int[1];
        int error = C.posix_spawn(pid, request.program(), actions, attributes, argv, env);
        // the vectors' memory must outlive the call: keep them reachable until it returned
        java.lang.ref.Reference.reachabilityFence(argv);
        java.lang.ref.Reference.reachabilityFence(env);
        if (error != 0) {
          throw new ErrnoException("posix_spawn", request.program(), error);
        }
        return pid[0];
      } finally {
        C.posix_spawn_file_actions_destroy(actions);
        C.posix_spawnattr_destroy(attributes);
      }
    }
  }

  @Override
  public int waitpid(int pid) {
    int[] status = new int[1];
    while (true) {
      try {
        C.waitpid(pid, status, 0);
        return status[0];
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw failed("waitpid", Integer.toString(pid), e);
        }
      }
    }
  }

  @Override
  public void kill(int pid, int signal) {
    try {
      C.kill(pid, signal);
    } catch (LastErrorException e) {
      throw failed("kill", pid + " " + signal, e);
    }
  }

  private static void check(String operation, int error) {
    if (error != 0) {
      throw new ErrnoException(operation, "", error);
    }
  }

  private static ErrnoException failed(String operation, String subject, LastErrorException e) {
    return new ErrnoException(operation, subject, e.getErrorCode());
  }

  private static int readLastCapability() {
    try {
      // Files.readString trusts the reported size of 0 and stops after one byte of a sysctl file
      try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
        return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
      }
    } catch (IOException | NumberFormatException e) {
      return 40;
    }
  }

  /** System call numbers differ per architecture; these are the ones without a usable wrapper. */
  private record Syscalls(
      int pivotRoot,
      int prctl,
      int capset,
      int setgroups,
      int setresgid,
      int setresuid,
      int ioctl) {
    static Syscalls forArchitecture(String arch) {
      return switch (arch) {
        case "amd64", "x86_64" -> new Syscalls(155, 157, 126, 116, 119, 117, 16);
        case "aarch64", "arm64" -> new Syscalls(41, 167, 91, 159, 149, 147, 29);
        default -> throw new IllegalStateException("unsupported architecture " + arch);
      };
    }
  }
}
