package dev.berth.agent.runtime;

import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.Linux;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.snapshot.MountPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a container's process without forking the JVM and without starting a helper process.
 *
 * <p>Each container gets a fresh platform thread. That thread joins the container's cgroup (v1 lets
 * a single thread move), unshares the mount, UTS, IPC, cgroup, PID (and, without host networking,
 * network) namespaces — which affects only that thread — builds the root with {@link RootfsSetup}
 * and pivots into it, sets the host name, brings {@code lo} up, drops to the container's user,
 * capabilities and {@code no_new_privs}, and finally calls {@code posix_spawn(3)}. The child is
 * created by libc with {@code CLONE_VFORK} from that thread, so it inherits exactly the thread's
 * namespaces, root and credentials, runs no Java code, and becomes PID 1 of the new PID namespace.
 *
 * <p>Before exec the child blocks opening a FIFO (the "gate", like runc's exec FIFO). Meanwhile the
 * calling thread finds the child's host PID, moves it into the cgroup (the only way on v2, where a
 * lone thread cannot move), and then opens the FIFO read-write, releasing the child into exec
 * whether or not it has reached the FIFO yet. So no instruction of the container's command runs
 * outside its cgroup.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/unshare.2.html">unshare(2)</a>
 */
public final class ContainerLauncher {
  /** Where the container's programs are searched when its environment has no PATH. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final long GATE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  static {
    // After pivot_root the launch thread cannot read the class path: load and initialise now
    // every class of ours it uses from then on.
    UserResolver.resolve("0", "", "");
    Capabilities.mask(Capabilities.DEFAULT);
    new LaunchException(0, "").exitCode();
    ErrnoException.describe(1);
    new SpawnRequest("/", List.of("/"), List.of(), -1, 1, 2, "/", null, false).argv();
  }

  private final Linux linux;
  private final Timing timing;
  private final FreshThreads threads;

  public ContainerLauncher(Linux linux) {
    this(linux, Timing.OFF, FreshThreads.perTask());
  }

  public ContainerLauncher(Linux linux, Timing timing, FreshThreads threads) {
    this.linux = linux;
    this.timing = timing;
    this.threads = threads;
  }

  /** The descriptors that become the container's fd 1 and 2; fd 0 is its {@code /dev/null}. */
  public record Stdio(int stdout, int stderr) {}

  /**
   * Starts a new container's init process.
   *
   * @param scratch a host directory for the gate FIFO
   * @return the host PID of the container's PID 1
   * @throws LaunchException when it cannot start, with the exit status to report
   */
  public int launch(
      String id,
      MountPlan rootfs,
      ContainerConfig config,
      Cgroup cgroup,
      Path scratch,
      Stdio stdio) {
    int flags =
        Linux.CLONE_NEWNS
            | Linux.CLONE_NEWUTS
            | Linux.CLONE_NEWIPC
            | Linux.CLONE_NEWPID
            | Linux.CLONE_NEWCGROUP;
    boolean ownNetwork = config.network() == ContainerConfig.NetworkMode.NONE;
    if (ownNetwork) {
      flags |= Linux.CLONE_NEWNET;
    }
    int namespaces = flags;
    Path etc = scratch.resolve("etc");
    EtcFiles.write(etc, config);
    return start(
        "berth-launch-" + id,
        cgroup,
        scratch,
        stdio,
        config.command(),
        config.env(),
        config.user(),
        config.workingDir(),
        initPid -> onThread("berth-proc-" + id, () -> new RootfsSetup(linux).mountProc(initPid)),
        () -> {
          timing.mark("launch thread running");
          linux.unshare(namespaces);
          timing.mark("namespaces unshared");
          new RootfsSetup(linux).build(rootfs, config.readOnlyRootfs(), etc);
          timing.mark("root built and pivoted");
          linux.sethostname(config.hostname());
          if (ownNetwork) {
            linux.loopbackUp();
          }
        });
  }

  /**
   * Starts another process in a running container: joins its namespaces (mount last, since it
   * changes the root the others' paths are read from) and its cgroup.
   *
   * @param initPid the host PID of the container's PID 1
   * @return the host PID of the new process
   */
  public int exec(
      int initPid,
      List<String> command,
      List<String> env,
      String user,
      String workingDir,
      Cgroup cgroup,
      Path scratch,
      Stdio stdio) {
    String ns = "/proc/" + initPid + "/ns/";
    return start(
        "berth-exec-" + initPid,
        cgroup,
        scratch,
        stdio,
        command,
        env,
        user,
        workingDir,
        pid -> {},
        () -> {
          linux.unshare(Linux.CLONE_FS);
          linux.setns(ns + "cgroup", Linux.CLONE_NEWCGROUP);
          linux.setns(ns + "ipc", Linux.CLONE_NEWIPC);
          linux.setns(ns + "uts", Linux.CLONE_NEWUTS);
          linux.setns(ns + "net", Linux.CLONE_NEWNET);
          linux.setns(ns + "pid", Linux.CLONE_NEWPID);
          linux.setns(ns + "mnt", Linux.CLONE_NEWNS);
        });
  }

  private int start(
      String threadName,
      Cgroup cgroup,
      Path scratch,
      Stdio stdio,
      List<String> command,
      List<String> env,
      String user,
      String workingDir,
      java.util.function.IntConsumer whileAtGate,
      Runnable enterNamespaces) {
    CompletableFuture<Integer> tid = new CompletableFuture<>();
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    CompletableFuture<Integer> spawned = new CompletableFuture<>();
    AtomicBoolean bornInside = new AtomicBoolean();
    threads.start(
        threadName,
        () -> {
          try {
            int self = linux.gettid();
            bornInside.set(cgroup.joinCurrentThread());
            String fifo = "exec-" + self + ".fifo";
            gate.complete(openGate(scratch.resolve(fifo)));
            int scratchDirectory = linux.openPath(scratch.toString());
            tid.complete(self);
            try {
              enterNamespaces.run();
              spawned.complete(
                  spawnInside(command, env, user, workingDir, scratchDirectory, fifo, stdio));
            } finally {
              linux.close(scratchDirectory);
            }
          } catch (Throwable e) {
            tid.completeExceptionally(e);
            gate.completeExceptionally(e);
            spawned.completeExceptionally(e);
          }
        });
    int heldGate = -1;
    try {
      int launcherTid = await(tid);
      int child = awaitChild(launcherTid, spawned);
      if (child > 0) {
        try {
          timing.mark("PID 1 at the gate");
          if (!bornInside.get()) {
            // v2: a lone thread cannot move, so the child moves now, before it may exec. On v1 it
            // was born inside, and each cgroup migration costs the kernel an RCU grace period.
            cgroup.join(child);
          }
          whileAtGate.accept(child);
          timing.mark("/proc mounted");
          // opened read-write, the gate releases the child whether or not it has reached it yet:
          // no polling, which on a busy machine takes the CPU the child needs
          heldGate = linux.holdGateOpen(await(gate));
        } catch (RuntimeException e) {
          // the child still waits at the gate and the launch thread in posix_spawn: end both
          try {
            linux.kill(child, Linux.SIGKILL);
          } catch (RuntimeException gone) {
            // already gone
          }
          throw e;
        }
      }
      return await(spawned);
    } finally {
      if (heldGate >= 0) {
        linux.close(heldGate); // posix_spawn has returned: the child has passed the gate
      }
      if (gate.isDone() && !gate.isCompletedExceptionally()) {
        linux.close(gate.join());
      }
      try {
        Files.deleteIfExists(scratch.resolve("exec-" + tid.getNow(0) + ".fifo"));
      } catch (IOException | RuntimeException e) {
        // best effort: the container directory is removed with the container anyway
      }
    }
  }

  /** Runs a task on a fresh platform thread (whose namespace changes die with it) and waits. */
  private void onThread(String name, Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    threads.start(
        name,
        () -> {
          try {
            task.run();
            done.complete(null);
          } catch (Throwable e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException(LaunchException.AGENT_ERROR, "interrupted while starting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime
          ? runtime
          : new LaunchException(LaunchException.AGENT_ERROR, String.valueOf(cause), cause);
    }
  }

  /**
   * Makes the gate FIFO in the container's host directory and returns an {@code O_PATH} handle to
   * it, through which the agent opens the write end. The child reaches the FIFO by a relative name
   * from that directory, which is its working directory until its last step before exec: the
   * container's root never shows it, and it needs no {@code /proc}.
   */
  private int openGate(Path fifo) {
    try {
      Files.deleteIfExists(fifo);
      linux.mkfifo(fifo.toString(), 0644);
      return linux.openPath(fifo.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create exec FIFO " + fifo, e);
    }
  }

  /** Runs on the launch thread, inside the namespaces: resolves, drops privileges, spawns. */
  private int spawnInside(
      List<String> command,
      List<String> env,
      String user,
      String workingDir,
      int scratchDirectory,
      String gate,
      Stdio stdio) {
    UserResolver.ResolvedUser identity;
    try {
      identity = UserResolver.resolve(user, readIfFile("/etc/passwd"), readIfFile("/etc/group"));
    } catch (IllegalArgumentException e) {
      throw new LaunchException(LaunchException.CANNOT_INVOKE, e.getMessage(), e);
    }
    List<String> environment = new ArrayList<>(env);
    if (environment.stream().noneMatch(e -> e.startsWith("HOME="))) {
      environment.add("HOME=" + identity.home());
    }
    String program = resolveProgram(command.get(0), environment, workingDir);
    if (!Files.isDirectory(Path.of(workingDir))) {
      try {
        Files.createDirectories(Path.of(workingDir));
      } catch (IOException e) {
        throw new LaunchException(
            LaunchException.CANNOT_INVOKE, "cannot create working directory " + workingDir, e);
      }
    }

    long capabilities = Capabilities.mask(Capabilities.DEFAULT);
    linux.dropBoundingSet(capabilities);
    linux.setKeepCapabilities(true);
    linux.setIdentity(identity.uid(), identity.gid(), identity.groupArray());
    linux.capset(capabilities, capabilities, 0);
    linux.setKeepCapabilities(false);
    linux.setNoNewPrivileges();
    linux.fchdir(scratchDirectory);
    try {
      return linux.spawn(
          new SpawnRequest(
              program,
              command,
              environment,
              -1,
              stdio.stdout(),
              stdio.stderr(),
              workingDir,
              gate,
              false));
    } catch (ErrnoException e) {
      int status = e.errno() == 2 ? LaunchException.NOT_FOUND : LaunchException.CANNOT_INVOKE;
      throw new LaunchException(
          status, command.get(0) + ": " + ErrnoException.describe(e.errno()), e);
    }
  }

  /** Finds a command as execvp(3) would, in the container's root and PATH. */
  static String resolveProgram(String name, List<String> env, String workingDir) {
    if (name.contains("/")) {
      String path = name.startsWith("/") ? name : workingDir + "/" + name;
      if (!Files.exists(Path.of(path))) {
        throw new LaunchException(
            LaunchException.NOT_FOUND, name + ": no such file or directory in the container");
      }
      return path;
    }
    String searchPath = DEFAULT_PATH;
    for (String entry : env) {
      if (entry.startsWith("PATH=")) {
        searchPath = entry.substring(5);
      }
    }
    for (String directory : searchPath.split(":")) {
      Path candidate = Path.of(directory.isEmpty() ? workingDir : directory).resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new LaunchException(
        LaunchException.NOT_FOUND,
        "executable file `" + name + "` not found in $PATH: No such file or directory");
  }

  private static String readIfFile(String path) {
    Path file = Path.of(path);
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Polls the launch thread's children until the spawned child appears; 0 if spawn ended. */
  private static int awaitChild(int launcherTid, CompletableFuture<Integer> spawned) {
    Path children = Path.of("/proc/self/task/" + launcherTid + "/children");
    long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
    while (!spawned.isDone()) {
      try (var in = Files.newInputStream(children)) {
        String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!text.isEmpty()) {
          return Integer.parseInt(text.split("\\s+")[0]);
        }
      } catch (IOException e) {
        // the thread ended: its result says why
      }
      pause(deadline, "the container process to appear");
    }
    return 0;
  }

  private static void pause(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new LaunchException(LaunchException.AGENT_ERROR, "timed out waiting for " + what);
    }
    LockSupport.parkNanos(20_000);
  }

  private static int await(CompletableFuture<Integer> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException(LaunchException.AGENT_ERROR, "interrupted while starting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LaunchException launch) {
        throw launch;
      }
      throw new LaunchException(
          LaunchException.AGENT_ERROR, String.valueOf(cause.getMessage()), cause);
    }
  }
}
