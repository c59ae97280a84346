package dev.berth.agent.runtime;

import dev.berth.agent.image.LocalImage;
import dev.berth.agent.linux.ErrnoException;
import dev.berth.agent.linux.Linux;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.snapshot.MountPlan;
import dev.berth.agent.state.StateDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The container life cycle: create, run attached or detached, stop, kill, remove, exec, logs. The
 * process that starts a container waits for it and records its exit in the container's record: the
 * {@code berth run} command itself, for {@code -d} a detached monitor process, or, when the
 * commands run inside {@code berth daemon}, a thread of the daemon ({@link #startSupervised}).
 */
public final class ContainerService {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ConcurrentMap<Path, CgroupLayout> LAYOUTS = new ConcurrentHashMap<>();

  /** Plans the mount of a container's root: the image layers below its own upper directory. */
  @FunctionalInterface
  public interface RootfsPlanner {
    MountPlan plan(List<Path> layers, Path upper, Path work, Path target);
  }

  private final ContainerStore store;
  private final Linux linux;
  private final Path cgroupRoot;
  private final RootfsPlanner planner;
  private final ContainerLauncher launcher;
  private final PrintWriter warnings;
  private final Timing timing;
  private final Executor cleanup;

  public ContainerService(
      StateDirectory state, Linux linux, Path cgroupRoot, RootfsPlanner planner) {
    this(
        state,
        linux,
        cgroupRoot,
        planner,
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        Timing.OFF,
        Runnable::run,
        FreshThreads.perTask());
  }

  /**
   * A service that reports to one caller.
   *
   * @param warnings where problems that do not fail the command go (the caller's stderr)
   * @param timing the caller's timing marks
   * @param cleanup runs the clean-up after a container's exit that nobody waits for (removing its
   *     cgroup and a removed container's files): {@code Runnable::run} in a process that exits
   *     next, {@link #background()} in a daemon
   * @param threads where launches run: {@link FreshThreads#perTask()} in a process that exits next,
   *     {@link #launchThreads()} in a daemon
   */
  public ContainerService(
      StateDirectory state,
      Linux linux,
      Path cgroupRoot,
      RootfsPlanner planner,
      PrintWriter warnings,
      Timing timing,
      Executor cleanup,
      FreshThreads threads) {
    this.store = new ContainerStore(state);
    this.linux = linux;
    this.cgroupRoot = cgroupRoot;
    this.planner = planner;
    this.warnings = warnings;
    this.timing = timing;
    this.cleanup = cleanup;
    this.launcher = new ContainerLauncher(linux, timing, threads);
  }

  /** One background thread for the clean-up of a long-lived process, in submission order. */
  public static Executor background() {
    return Background.EXECUTOR;
  }

  /** Launch threads started ahead, for a long-lived process. */
  public static FreshThreads launchThreads() {
    return Background.LAUNCH_THREADS;
  }

  /** Holds the background executor, so that only a process that uses it starts its thread. */
  private static final class Background {
    static final ExecutorService EXECUTOR =
        Executors.newSingleThreadExecutor(DaemonThreads.named("berth-cleanup"));

    /** Two: a launch's own thread and its {@code /proc} thread. */
    static final FreshThreads LAUNCH_THREADS = FreshThreads.startedAhead(2, EXECUTOR);

    private Background() {}
  }

  public ContainerStore store() {
    return store;
  }

  /**
   * Loads and initialises the classes a run needs and detects the cgroup layout, so that a caller
   * can do it on a background thread while it is busy with other work (argument parsing, image
   * lookup): a cold JVM spends more time loading code than running it.
   */
  public static void warmUp(Path cgroupRoot) {
    layout(cgroupRoot);
    for (Class<?> type :
        List.of(
            ContainerLauncher.class,
            RootfsSetup.class,
            Cgroup.class,
            CgroupPlan.class,
            OutputPump.class,
            ContainerLog.Writer.class,
            HostProcess.class)) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      dev.berth.oci.OciJson.mapper().writeValueAsBytes(ContainerState.created());
    } catch (RuntimeException ignored) {
      // only warming up
    }
  }

  /** The host's cgroup layout, inspected once: it does not change while the agent runs. */
  private static CgroupLayout layout(Path cgroupRoot) {
    return LAYOUTS.computeIfAbsent(cgroupRoot, CgroupLayout::detect);
  }

  /** A new random container ID: 64 hexadecimal digits. */
  public static String newId() {
    return HexFormat.of().formatHex(randomBytes());
  }

  /** Stores a new container with a new ID; {@code name} may be null for a generated one. */
  public Container create(String name, LocalImage image, ContainerConfig config) {
    return create(newId(), name, image, config);
  }

  /** Stores a new container; {@code name} may be null for a generated one. */
  public Container create(String id, String name, LocalImage image, ContainerConfig config) {
    String containerName = name == null ? "berth_" + id.substring(0, 12) : name;
    if (!NAME.matcher(containerName).matches()) {
      throw new IllegalArgumentException(
          "invalid container name \"" + containerName + "\": use [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    }
    return store.create(
        new Container(
            id,
            containerName,
            Instant.now(),
            image.reference(),
            image.id().toString(),
            config,
            ContainerState.created()),
        name != null);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Runs a created container to its end with its output also copied to {@code stdout} and {@code
   * stderr} (null when detached), and returns its exit status.
   *
   * @param onStarted called once it runs (or failed to start), with the current record
   */
  public int supervise(
      Container created,
      OutputStream stdout,
      OutputStream stderr,
      java.util.function.Consumer<Container> onStarted) {
    String id = created.id();
    ContainerConfig config = created.config();
    Cgroup cgroup = Cgroup.create(CgroupPlan.of(layout(cgroupRoot), id, config.resources()));
    timing.mark("cgroup created");
    Container container = created;
    int exitCode;
    boolean oomKilled = false;
    String error = null;
    try (ContainerLog.Writer log = new ContainerLog.Writer(store.log(id))) {
      int[] out = linux.pipe();
      int[] err = linux.pipe();
      int pid;
      try {
        MountPlan rootfs =
            planner.plan(
                config.layers().stream().map(Path::of).toList(),
                store.upper(id),
                store.work(id),
                store.rootfs(id));
        timing.mark("root planned");
        pid =
            launcher.launch(
                id,
                rootfs,
                config,
                cgroup,
                store.directory(id),
                new ContainerLauncher.Stdio(out[1], err[1]));
      } catch (RuntimeException e) {
        for (int fd : new int[] {out[0], out[1], err[0], err[1]}) {
          linux.close(fd);
        }
        int status =
            e instanceof LaunchException launch ? launch.exitCode() : LaunchException.AGENT_ERROR;
        String message = e.getMessage();
        container =
            save(
                container.withState(
                    container.state().exited(status, false, Instant.now(), message)));
        onStarted.accept(container);
        removeCgroup(cgroup);
        removeIfAuto(container);
        throw e instanceof LaunchException launch
            ? launch
            : new LaunchException(LaunchException.AGENT_ERROR, message, e);
      }
      linux.close(out[1]);
      linux.close(err[1]);
      timing.mark("container started");
      container =
          container.withState(
              container
                  .state()
                  .running(
                      pid,
                      HostProcess.startTime(pid),
                      (int) ProcessHandle.current().pid(),
                      Instant.now()));
      Container running = container;
      // Attached, nobody waits for the record before the container ends: write it while waiting
      // for the exit instead of before. A detached start returns only once the record says
      // running, so that a ps right after it sees so.
      CompletableFuture<Void> recorded =
          stdout != null
              ? CompletableFuture.runAsync(() -> save(running))
              : CompletableFuture.completedFuture(save(running)).thenAccept(saved -> {});
      OutputPump outPump = new OutputPump(linux, out[0], ContainerLog.Stream.STDOUT, log, stdout);
      OutputPump errPump = new OutputPump(linux, err[0], ContainerLog.Stream.STDERR, log, stderr);
      onStarted.accept(container);
      int status = linux.waitpid(pid);
      long exitedNanos = System.nanoTime();
      timing.mark("container exited");
      exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
      outPump.await();
      errPump.await();
      oomKilled = cgroup.oomKilled();
      timing.latency(exitedNanos);
      recorded.join(); // the exit is recorded after the start, never before
    } finally {
      // its processes are gone and its OOM counter read: nothing depends on the cgroup any more
      cleanup.execute(() -> removeCgroup(cgroup));
      timing.mark("cgroup removal started");
    }
    container =
        container.withState(container.state().exited(exitCode, oomKilled, Instant.now(), error));
    if (container.config().autoRemove()) {
      store.remove(id, cleanup); // no point in recording the exit of what goes away now
    } else {
      save(container);
    }
    timing.mark("exit recorded");
    return exitCode;
  }

  /** A cgroup that will not go away must not hide the container's exit status: warn only. */
  private void removeCgroup(Cgroup cgroup) {
    try {
      cgroup.remove();
    } catch (UncheckedIOException e) {
      warnings.println("berth: warning: " + e.getMessage());
      warnings.flush();
    }
  }

  private void removeIfAuto(Container container) {
    if (container.config().autoRemove()) {
      store.delete(container.id());
    }
  }

  /** Saves unless the container was removed meanwhile (by {@code rm -f}). */
  private Container save(Container container) {
    if (Files.isDirectory(store.directory(container.id()))) {
      store.save(container);
    }
    return container;
  }

  /**
   * Starts a detached monitor process ({@code monitorCommand}, which must end up calling {@link
   * #monitor}) in a new session and waits until it reports the container running.
   */
  public Container startDetached(
      Container container, List<String> monitorCommand, Map<String, String> env) {
    int[] handshake = linux.pipe();
    List<String> environment = new ArrayList<>();
    env.forEach((k, v) -> environment.add(k + "=" + v));
    try {
      linux.spawn(
          new SpawnRequest(
              monitorCommand.get(0),
              monitorCommand,
              environment,
              -1,
              handshake[1],
              handshake[1],
              "/",
              null,
              true));
    } finally {
      linux.close(handshake[1]);
    }
    StringBuilder reply = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = linux.read(handshake[0], buffer)) > 0) {
        reply.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        if (reply.indexOf("\n") >= 0) {
          break;
        }
      }
    } finally {
      linux.close(handshake[0]);
    }
    String line = reply.toString().trim();
    if (!line.startsWith("started")) {
      Container after = store.load(container.id()).orElse(container);
      String message = line.isEmpty() ? "the container monitor exited without a word" : line;
      int status =
          after.state().status() == ContainerState.Status.EXITED
              ? after.state().exitCode()
              : LaunchException.AGENT_ERROR;
      throw new LaunchException(status == 0 ? LaunchException.AGENT_ERROR : status, message);
    }
    return store.load(container.id()).orElse(container);
  }

  /**
   * The body of the detached monitor: runs the container, tells the starter over {@code handshake}
   * once it runs (or why it did not), then waits for it and records its exit.
   */
  public int monitor(String id, java.io.PrintStream handshake) {
    Container container = store.load(id).orElseThrow(() -> new NoSuchContainerException(id));
    try {
      return supervise(
          container,
          null,
          null,
          started -> {
            if (started.state().status() == ContainerState.Status.RUNNING) {
              handshake.println("started " + started.id());
            } else {
              handshake.println(started.state().error());
            }
            handshake.flush();
          });
    } catch (LaunchException e) {
      return e.exitCode();
    }
  }

  /**
   * Runs a created container on a new thread of this (long-lived) process, which waits for it and
   * records its exit as a detached monitor would; returns once it runs.
   *
   * @throws LaunchException when it did not start, with the exit status to report
   */
  public Container startSupervised(Container container) {
    CompletableFuture<Container> started = new CompletableFuture<>();
    Thread supervisor =
        new Thread(
            () -> {
              try {
                supervise(container, null, null, started::complete);
              } catch (RuntimeException e) {
                started.completeExceptionally(e);
              }
            },
            "berth-supervise-" + container.shortId());
    supervisor.setDaemon(true);
    supervisor.start();
    Container running;
    try {
      running = started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException(LaunchException.AGENT_ERROR, "interrupted while starting", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LaunchException launch
          ? launch
          : new LaunchException(LaunchException.AGENT_ERROR, e.getCause().getMessage(), e);
    }
    if (running.state().status() != ContainerState.Status.RUNNING) {
      int status = running.state().exitCode();
      throw new LaunchException(
          status == 0 ? LaunchException.AGENT_ERROR : status, running.state().error());
    }
    return running;
  }

  /** Finds a container, first reconciling a record whose waiting process has vanished. */
  public Container get(String reference) {
    Container container =
        store.find(reference).orElseThrow(() -> new NoSuchContainerException(reference));
    return refresh(container);
  }

  /**
   * Takes over the running containers nobody waits for any more (their daemon or monitor process
   * was killed): those that have ended get their exit recorded (status unknown, -1), their cgroup
   * removed and, with {@code --rm}, their directory; those still running are recorded as waited for
   * by this process and returned, for the caller to pass to {@link #finishWhenGone}.
   */
  public List<Container> adoptOrphans() {
    int self = (int) ProcessHandle.current().pid();
    List<Container> running = new ArrayList<>();
    for (Container container : store.list()) {
      ContainerState state = container.state();
      if (state.status() != ContainerState.Status.RUNNING
          || state.monitorPid() == self
          || HostProcess.startTime(state.monitorPid()) >= 0) {
        continue;
      }
      if (HostProcess.isAlive(state.pid(), state.pidStartTime())) {
        running.add(
            save(
                container.withState(
                    state.running(state.pid(), state.pidStartTime(), self, state.startedAt()))));
      } else {
        finishOrphan(container);
      }
    }
    return running;
  }

  /**
   * Waits (polling, since only a parent can wait for a process) until an adopted container's init
   * process is gone, then records its exit like {@link #adoptOrphans} does for one already gone.
   */
  public void finishWhenGone(Container adopted, Duration pollInterval) {
    ContainerState state = adopted.state();
    while (HostProcess.isAlive(state.pid(), state.pidStartTime())) {
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    store.load(adopted.id()).ifPresent(this::finishOrphan);
  }

  private void finishOrphan(Container container) {
    removeCgroup(
        Cgroup.existing(CgroupPlan.of(layout(cgroupRoot), container.id(), Resources.UNLIMITED)));
    if (container.config().autoRemove()) {
      store.delete(container.id());
    } else {
      save(
          container.withState(
              container
                  .state()
                  .exited(-1, false, Instant.now(), "exited while no agent waited for it")));
    }
  }

  /** Marks a running container exited when both it and the process waiting for it are gone. */
  public Container refresh(Container container) {
    ContainerState state = container.state();
    if (state.status() != ContainerState.Status.RUNNING) {
      return container;
    }
    boolean initAlive = HostProcess.isAlive(state.pid(), state.pidStartTime());
    boolean monitorAlive = HostProcess.startTime(state.monitorPid()) >= 0;
    if (monitorAlive) {
      return container;
    }
    if (initAlive) {
      return container; // still running, but nobody will record its status
    }
    // The monitor records the exit before it exits: now that it is gone, its record is final.
    // `container` may have been read before that record was written, so read it again rather than
    // overwrite a recorded exit (or bring back a container it removed).
    Optional<Container> latest = store.load(container.id());
    if (latest.isEmpty() || !latest.get().state().running()) {
      return latest.orElse(container);
    }
    Container current = latest.get();
    return save(
        current.withState(
            current
                .state()
                .exited(-1, false, Instant.now(), "the process waiting for the container died")));
  }

  /** Containers, oldest first; only running ones unless {@code all}. */
  public List<Container> list(boolean all) {
    List<Container> result = new ArrayList<>();
    for (Container container : store.list()) {
      Container current = refresh(container);
      if (all || current.state().running()) {
        result.add(current);
      }
    }
    return result;
  }

  /** Sends a signal to the container's init process (and so, for SIGKILL, to all of it). */
  public Container kill(String reference, int signal) {
    Container container = get(reference);
    ContainerState state = container.state();
    if (!state.running() || !HostProcess.isAlive(state.pid(), state.pidStartTime())) {
      throw new IllegalStateException("container " + container.name() + " is not running");
    }
    try {
      linux.kill(state.pid(), signal);
    } catch (ErrnoException e) {
      if (e.errno() != 3) {
        throw e;
      }
    }
    return container;
  }

  /**
   * Stops a container: SIGTERM (or the image's stop signal), then SIGKILL after {@code timeout};
   * returns once its exit is recorded.
   */
  public Container stop(String reference, Duration timeout) {
    Container container = get(reference);
    if (!container.state().running()) {
      return container;
    }
    kill(container.id(), stopSignal(container));
    Container after = awaitExit(container.id(), timeout);
    if (after.state().running()) {
      try {
        kill(container.id(), Linux.SIGKILL);
      } catch (IllegalStateException alreadyGone) {
        // exited between the check and the kill
      }
      after = awaitExit(container.id(), Duration.ofSeconds(10));
    }
    return after;
  }

  /**
   * The image's {@code StopSignal} when it names one {@link Signals} knows, else SIGTERM (as podman
   * falls back for records written before the field existed).
   */
  static int stopSignal(Container container) {
    String configured = container.config().stopSignal();
    if (configured == null || configured.isBlank()) {
      return Linux.SIGTERM;
    }
    try {
      return Signals.parse(configured);
    } catch (IllegalArgumentException unknown) {
      return Linux.SIGTERM;
    }
  }

  private Container awaitExit(String id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Container current =
          refresh(store.load(id).orElseThrow(() -> new NoSuchContainerException(id)));
      if (!current.state().running() || System.nanoTime() > deadline) {
        return current;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return current;
      }
    }
  }

  /** Removes a stopped container; {@code force} kills a running one first. */
  public Container remove(String reference, boolean force) {
    Container container = get(reference);
    if (container.state().running()) {
      if (!force) {
        throw new IllegalStateException(
            "cannot remove container "
                + container.shortId()
                + " as it is running - running or paused containers cannot be removed without force");
      }
      try {
        kill(container.id(), Linux.SIGKILL);
      } catch (IllegalStateException alreadyGone) {
        // exited meanwhile
      }
      awaitExit(container.id(), Duration.ofSeconds(10));
    }
    store.delete(container.id());
    return container;
  }

  /** The image snapshot directories some container (running or not) is built on. */
  public java.util.Set<Path> snapshotsInUse() {
    return store.layersInUse();
  }

  /** Removes every container that is not running; returns their IDs. */
  public List<String> prune() {
    List<String> removed = new ArrayList<>();
    for (Container container : list(true)) {
      if (!container.state().running()) {
        store.delete(container.id());
        removed.add(container.id());
      }
    }
    return removed;
  }

  /** Runs another process inside a running container and returns its exit status. */
  public int exec(
      String reference,
      List<String> command,
      List<String> extraEnv,
      String user,
      String workingDir,
      OutputStream stdout,
      OutputStream stderr) {
    Container container = get(reference);
    ContainerState state = container.state();
    if (!state.running() || !HostProcess.isAlive(state.pid(), state.pidStartTime())) {
      throw new IllegalStateException("container " + container.name() + " is not running");
    }
    if (command.isEmpty()) {
      throw new IllegalArgumentException("exec needs a command");
    }
    ContainerConfig config = container.config();
    Cgroup cgroup =
        Cgroup.existing(CgroupPlan.of(layout(cgroupRoot), container.id(), Resources.UNLIMITED));
    int[] out = linux.pipe();
    int[] err = linux.pipe();
    try (ContainerLog.Writer discard = new ContainerLog.Writer(Path.of("/dev/null"))) {
      int pid;
      try {
        pid =
            launcher.exec(
                state.pid(),
                command,
                EnvFile.merge(config.env(), extraEnv),
                user == null ? config.user() : user,
                workingDir == null ? config.workingDir() : workingDir,
                cgroup,
                store.directory(container.id()),
                new ContainerLauncher.Stdio(out[1], err[1]));
      } finally {
        linux.close(out[1]);
        linux.close(err[1]);
      }
      OutputPump outPump =
          new OutputPump(linux, out[0], ContainerLog.Stream.STDOUT, discard, stdout);
      OutputPump errPump =
          new OutputPump(linux, err[0], ContainerLog.Stream.STDERR, discard, stderr);
      int status = linux.waitpid(pid);
      outPump.await();
      errPump.await();
      return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    } catch (LaunchException e) {
      linux.close(out[0]);
      linux.close(err[0]);
      throw e;
    }
  }

  /** Prints the log's last {@code tail} entries (all when negative), then follows if asked. */
  public void logs(
      String reference, int tail, boolean follow, OutputStream stdout, OutputStream stderr) {
    Container container = get(reference);
    Path file = store.log(container.id());
    if (!follow) {
      for (ContainerLog.Entry entry : ContainerLog.read(file, tail)) {
        ContainerLog.print(entry, stdout, stderr);
      }
      return;
    }
    long position = 0;
    List<ContainerLog.Entry> initial = ContainerLog.read(file, tail);
    for (ContainerLog.Entry entry : initial) {
      ContainerLog.print(entry, stdout, stderr);
    }
    try {
      position = Files.exists(file) ? Files.size(file) : 0;
      // Entries are appended whole, so reading from a line boundary yields whole lines.
      while (true) {
        boolean running =
            store.load(container.id()).map(c -> refresh(c).state().running()).orElse(false);
        position = printFrom(file, position, stdout, stderr);
        if (!running) {
          printFrom(file, position, stdout, stderr);
          return;
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long printFrom(Path file, long position, OutputStream stdout, OutputStream stderr)
      throws IOException {
    if (!Files.exists(file)) {
      return position;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= position) {
        return position;
      }
      in.seek(position);
      byte[] bytes = new byte[(int) (length - position)];
      in.readFully(bytes);
      int end = lastNewline(bytes);
      if (end < 0) {
        return position;
      }
      String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        ContainerLog.Entry entry = ContainerLog.parse(line);
        if (entry != null) {
          ContainerLog.print(entry, stdout, stderr);
        }
      }
      return position + end + 1;
    }
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
