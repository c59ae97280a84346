package dev.berth.agent.cli;

import dev.berth.agent.runtime.Signals;
import dev.berth.agent.runtime.Timing;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Who asked for one command, and where its answer goes: the caller's environment, working
 * directory, stdout and stderr, and its signals. A command reads these instead of {@link
 * System#getenv()} or {@link System#out}, because inside {@code berth daemon} those would be the
 * daemon's, not the caller's.
 */
public final class Invocation {
  /** Signals a foreground {@code run} passes on to the container (the JVM keeps the others). */
  static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

  /** Delivers the caller's signals to a command that asked for them. */
  @FunctionalInterface
  public interface SignalSource {
    /** From now on, passes each signal the caller gets to {@code target} (by number). */
    void forwardTo(IntConsumer target);
  }

  private final Map<String, String> env;
  private final Path cwd;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final InputStream stdin;
  private final boolean resident;
  private final SignalSource signals;
  private final Timing timing;

  /**
   * @param resident whether this process outlives the command (the daemon), so that it can wait for
   *     detached containers itself
   * @param receivedNanos when the request arrived ({@link System#nanoTime()}), for timing marks
   */
  public Invocation(
      Map<String, String> env,
      Path cwd,
      OutputStream stdout,
      OutputStream stderr,
      InputStream stdin,
      boolean resident,
      SignalSource signals,
      long receivedNanos) {
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("working directory is not absolute: " + cwd);
    }
    this.env = Map.copyOf(env);
    this.cwd = cwd;
    this.stdout = stdout instanceof CallerOutput ? stdout : new CallerOutput(stdout);
    this.stderr = stderr;
    this.stdin = stdin;
    this.resident = resident;
    this.signals = signals;
    this.timing = Timing.of(this.env, receivedNanos);
  }

  /** This process's own environment, directory, descriptors and signals (no daemon). */
  public static Invocation process(long startedNanos) {
    return new Invocation(
        System.getenv(),
        Path.of(System.getProperty("user.dir")),
        new FileOutputStream(FileDescriptor.out),
        new FileOutputStream(FileDescriptor.err),
        System.in,
        false,
        Invocation::forwardProcessSignals,
        startedNanos);
  }

  /** The same caller with another environment (tests). */
  Invocation withEnv(Map<String, String> environment) {
    return new Invocation(
        environment, cwd, stdout, stderr, stdin, resident, signals, System.nanoTime());
  }

  /** A caller that sends nothing on stdin (the daemon's callers). */
  public static InputStream noInput() {
    return new ByteArrayInputStream(new byte[0]);
  }

  public Map<String, String> env() {
    return env;
  }

  public Path cwd() {
    return cwd;
  }

  /** A path as the caller means it: relative ones are relative to the caller's directory. */
  public Path resolve(Path path) {
    return cwd.resolve(path);
  }

  /** The caller's stdout, unbuffered: container output goes here as it comes. */
  public OutputStream stdout() {
    return stdout;
  }

  public OutputStream stderr() {
    return stderr;
  }

  public InputStream stdin() {
    return stdin;
  }

  public boolean resident() {
    return resident;
  }

  public Timing timing() {
    return timing;
  }

  /** Passes the caller's INT, TERM, HUP, QUIT, USR1 and USR2 on to {@code target}. */
  public void forwardSignals(IntConsumer target) {
    signals.forwardTo(target);
  }

  @SuppressWarnings("removal") // sun.misc.Signal: the JDK's only way to catch SIGTERM/SIGINT
  private static void forwardProcessSignals(IntConsumer target) {
    for (String name : FORWARDED) {
      int number = Signals.parse(name);
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> target.accept(number));
      } catch (IllegalArgumentException reservedByTheJvm) {
        // QUIT (thread dumps) and USR2 belong to the JVM: not forwardable from here
      }
    }
  }
}
