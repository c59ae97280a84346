package dev.berth.agent.cli;

import dev.berth.agent.daemon.DaemonEndpoint;
import dev.berth.agent.daemon.DaemonServer;
import dev.berth.agent.daemon.DaemonSession;
import dev.berth.agent.linux.Linux;
import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth daemon}: a resident agent that runs the commands of {@code berth} clients in its
 * warm JVM and waits for the containers it starts. One per state directory.
 */
@Command(
    name = DaemonCommand.NAME,
    description =
        "Serve berth commands on a loopback port (root only, by key) and supervise containers.",
    mixinStandardHelpOptions = true)
final class DaemonCommand extends ContainerCommand {
  static final String NAME = "daemon";

  /** How long a stopping daemon gives each of its containers before SIGKILL. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** How often the daemon looks whether an adopted container (not its child) has ended. */
  private static final Duration ORPHAN_POLL = Duration.ofMillis(200);

  @Option(
      names = "--endpoint-file",
      description =
          "File that names the daemon's port and keys for clients (default: $BERTH_DAEMON_FILE,"
              + " else daemon.endpoint in the root).",
      paramLabel = "PATH")
  Path endpointFile;

  @Option(
      names = "--warm-up",
      description =
          "Rehearsals of the request path before listening, for the JIT (default ${DEFAULT-VALUE}).",
      paramLabel = "ROUNDS")
  int warmUpRounds = 300;

  @Override
  int execute() throws IOException {
    if (invocation.resident()) {
      throw new IllegalArgumentException("the daemon cannot be started through a daemon");
    }
    Path root = state().root();
    Files.createDirectories(root);
    try (FileChannel lockFile =
            FileChannel.open(
                root.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        throw new IllegalStateException("another berth daemon serves " + root);
      }
      PrintWriter log = err();
      warmUp(log);
      adoptOrphans(log);
      DaemonServer server =
          DaemonServer.start(endpointFile(root), this::handle, LinuxKernel.instance(), log);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> shutDown(server, log), "berth-daemon-stop"));
      out().println("berth daemon: listening on " + server.endpoint() + " (" + server.file() + ")");
      out().flush();
      server.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private Path endpointFile(Path root) {
    if (endpointFile != null) {
      return invocation.resolve(endpointFile);
    }
    String fromEnv = env().get(DaemonEndpoint.FILE_ENV);
    return fromEnv == null || fromEnv.isBlank()
        ? root.resolve(DaemonEndpoint.FILE_NAME)
        : invocation.resolve(Path.of(fromEnv));
  }

  /** Runs one client's command with the client's environment, directory, output and signals. */
  private int handle(DaemonSession session) {
    Invocation caller =
        new Invocation(
            session.env(),
            session.cwd(),
            session.stdout(),
            session.stderr(),
            Invocation.noInput(),
            true,
            session::forwardSignals,
            session.receivedNanos());
    return Main.execute(caller, session.args().toArray(new String[0]));
  }

  /**
   * Takes over the containers a killed daemon (or monitor) left running: this daemon records their
   * exit when they end, and stops them when it stops.
   */
  private void adoptOrphans(PrintWriter log) {
    ContainerService service = containers();
    service.store().sweepRemoved();
    for (Container orphan : service.adoptOrphans()) {
      log.println("berth daemon: adopted running container " + orphan.name());
      Thread watcher =
          new Thread(
              () -> service.finishWhenGone(orphan, ORPHAN_POLL), "berth-adopted-" + orphan.name());
      watcher.setDaemon(true);
      watcher.start();
    }
    log.flush();
  }

  /**
   * Rehearses the request path before the first client comes: a fresh JVM interprets its code until
   * a method has run a few hundred times, which made the first fifty launches two to three times
   * slower than later ones. Each round parses a {@code run} and fails it on an image that is not
   * there (picocli, options, image lookup), lists the containers (JSON) and makes a few kernel
   * calls (JNA); nothing is created.
   */
  private void warmUp(PrintWriter log) {
    long start = System.nanoTime();
    Linux linux = LinuxKernel.instance();
    ContainerService.warmUp(CGROUP_ROOT);
    Invocation quiet =
        new Invocation(
            env(),
            invocation.cwd(),
            OutputStream.nullOutputStream(),
            OutputStream.nullOutputStream(),
            Invocation.noInput(),
            true,
            target -> {},
            System.nanoTime());
    String root = state().root().toString();
    for (int round = 0; round < warmUpRounds; round++) {
      Main.execute(quiet, "ps", "-a", "--root", root);
      Main.execute(
          quiet,
          "run",
          "--rm",
          "--pull",
          "never",
          "--root",
          root,
          "-e",
          "A=1",
          "berth-warm-up.invalid/absent:1",
          "true");
      int[] pipe = linux.pipe();
      linux.gettid();
      linux.close(pipe[0]);
      linux.close(pipe[1]);
    }
    log.printf("berth daemon: warmed up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    log.flush();
  }

  /**
   * Stops listening, then stops the containers this daemon waits for (SIGTERM, SIGKILL after 10 s)
   * so that their exit is recorded: nobody would read their output or record their status once the
   * daemon is gone.
   */
  private void shutDown(DaemonServer server, PrintWriter log) {
    try {
      server.close();
    } catch (IOException e) {
      log.println("berth daemon: " + e.getMessage());
    }
    ContainerService service = containers();
    int self = (int) ProcessHandle.current().pid();
    for (Container container : service.list(false)) {
      if (container.state().monitorPid() == self) {
        try {
          service.stop(container.id(), STOP_TIMEOUT);
        } catch (RuntimeException e) {
          log.println("berth daemon: cannot stop " + container.name() + ": " + e.getMessage());
        }
      }
    }
    log.flush();
  }
}
