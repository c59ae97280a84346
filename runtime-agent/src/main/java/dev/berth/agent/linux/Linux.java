package dev.berth.agent.linux;

/**
 * The kernel calls the runtime makes. Every call acts on the calling thread or process exactly as
 * the man page says; namespace, credential and root changes made on a thread stay on that thread
 * (after {@code unshare(CLONE_FS)}), which is why the runtime makes them on a thread of its own and
 * never in the JVM's other threads. Every failure throws {@link ErrnoException}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/namespaces.7.html">namespaces(7)</a>
 */
public interface Linux {
  int CLONE_NEWNS = 0x00020000;
  int CLONE_NEWCGROUP = 0x02000000;
  int CLONE_NEWUTS = 0x04000000;
  int CLONE_NEWIPC = 0x08000000;
  int CLONE_NEWPID = 0x20000000;
  int CLONE_NEWNET = 0x40000000;
  int CLONE_FS = 0x00000200;

  long MS_RDONLY = 1;
  long MS_NOSUID = 2;
  long MS_NODEV = 4;
  long MS_NOEXEC = 8;
  long MS_REMOUNT = 32;
  long MS_NOATIME = 1024;
  long MS_BIND = 4096;
  long MS_REC = 16384;
  long MS_PRIVATE = 1 << 18;
  long MS_STRICTATIME = 1 << 24;

  int MNT_DETACH = 2;

  int S_IFCHR = 0020000;

  int SIGKILL = 9;
  int SIGTERM = 15;

  /** unshare(2) on the calling thread. */
  void unshare(int flags);

  /**
   * setns(2): joins the namespace {@code path} (such as {@code /proc/PID/ns/net}) on this thread.
   */
  void setns(String path, int nstype);

  /** mount(2); {@code data} may be null. */
  void mount(String source, String target, String type, long flags, String data);

  /**
   * A new, detached procfs mount showing the PID namespace at {@code pidNamespace} (a path such as
   * {@code /proc/PID/ns/pid}; the namespace must already have its init), made with fsopen(2),
   * fsconfig(2) and fsmount(2), {@code nosuid,nodev,noexec}. Returns the mount's descriptor for
   * {@link #moveMount}.
   */
  int procMount(String pidNamespace);

  /** move_mount(2) of a detached mount onto {@code target} in the calling thread's namespace. */
  void moveMount(int mountFd, String target);

  /**
   * A detached bind mount of {@code path} (open_tree(2) with {@code OPEN_TREE_CLONE}), to be moved
   * with {@link #moveMount} once the caller is in another root: the source is resolved now, the
   * target then, so neither can lead outside its own tree.
   */
  int openTree(String path);

  /** umount2(2). */
  void umount2(String target, int flags);

  /** pivot_root(2), which has no libc wrapper. */
  void pivotRoot(String newRoot, String putOld);

  /** chdir(2) of the calling thread (its own after {@code unshare(CLONE_FS)}). */
  void chdir(String directory);

  /** fchdir(2) of the calling thread, also to a directory outside its root. */
  void fchdir(int fd);

  /** sethostname(2) in the calling thread's UTS namespace. */
  void sethostname(String name);

  /** mknod(2) of a character device. */
  void mknodCharacter(String path, int mode, int major, int minor);

  /** mkfifo(3). */
  void mkfifo(String path, int mode);

  /** open(2) with {@code O_PATH|O_CLOEXEC}: a handle that keeps the file without reading it. */
  int openPath(String path);

  /**
   * Opens the write end of the FIFO held by {@code gate} without blocking, which releases a child
   * blocked on the read end; returns false while no child is waiting on it yet.
   */
  boolean openGate(int gate);

  /**
   * Opens the FIFO held by {@code gate} for reading and writing, which never blocks: a child
   * blocked opening its read end proceeds, and so does one that gets there later, for as long as
   * the returned descriptor stays open. Releases a child without polling for it.
   */
  int holdGateOpen(int gate);

  /** close(2). */
  void close(int fd);

  /** pipe2(2) with {@code O_CLOEXEC}: {read, write}. */
  int[] pipe();

  /** read(2); 0 at end of file. Retries EINTR. */
  int read(int fd, byte[] buffer);

  /** write(2) of {@code length} bytes from {@code offset}; returns how many went. Retries EINTR. */
  int write(int fd, byte[] buffer, int offset, int length);

  /**
   * pidfd_open(2): a descriptor for the process {@code pid} that stays valid, and names that
   * process only, even when the PID is reused after it ends. Close-on-exec.
   */
  int pidfdOpen(int pid);

  /**
   * pidfd_getfd(2): a duplicate, in this process, of the descriptor {@code fd} of the process that
   * {@code pidfd} names: the same open file (offset, flags), as if passed over a unix socket; the
   * caller needs ptrace rights over that process (root over its own user's). Close-on-exec.
   */
  int pidfdGetfd(int pidfd, int fd);

  /** The calling thread's ID (gettid(2)). */
  int gettid();

  /** Drops every capability not in {@code keep} from the calling thread's bounding set. */
  void dropBoundingSet(long keep);

  /** capset(2) for the calling thread. */
  void capset(long effective, long permitted, long inheritable);

  /** prctl(PR_SET_NO_NEW_PRIVS) for the calling thread and what it spawns. */
  void setNoNewPrivileges();

  /** prctl(PR_SET_KEEPCAPS): keep permitted capabilities across a change away from uid 0. */
  void setKeepCapabilities(boolean keep);

  /**
   * setgroups, setresgid and setresuid as raw system calls: they change the calling thread only
   * (glibc's wrappers would change every thread of the JVM).
   */
  void setIdentity(int uid, int gid, int[] groups);

  /** Sets the flags of the loopback interface in the calling thread's network namespace to up. */
  void loopbackUp();

  /**
   * posix_spawn(3) from the calling thread: the child inherits this thread's namespaces, root and
   * credentials, runs only libc code before exec, and so is safe from a multi-threaded JVM.
   *
   * @return the child's PID (in the caller's PID namespace)
   */
  int spawn(SpawnRequest request);

  /** waitpid(2) for a child; returns the raw wait status. Retries EINTR. */
  int waitpid(int pid);

  /** kill(2). */
  void kill(int pid, int signal);
}
