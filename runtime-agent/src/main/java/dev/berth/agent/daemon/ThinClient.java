package dev.berth.agent.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code berth} command when a daemon runs: sends the arguments, environment and directory to
 * {@code berth daemon}, copies the output it sends back to stdout and stderr, passes its signals on
 * and exits with the status the daemon reports. It uses nothing but the JDK and {@link
 * DaemonProtocol}, so its JVM loads a few hundred classes and starts in well under 100 ms; the
 * daemon's JVM is already warm. Without a daemon (no socket, or nobody listening) it runs the
 * command in a JVM of its own, as {@code berth} does without a daemon.
 */
public final class ThinClient {
  /** The environment variable naming the daemon's socket. */
  public static final String SOCKET_ENV = "BERTH_SOCKET";

  /** The socket's name in the state directory. */
  public static final String SOCKET_NAME = "berth.sock";

  /** Exit status when the client cannot talk to the daemon (podman's "error of the tool"). */
  static final int AGENT_ERROR = 125;

  /**
   * Commands that never go to a daemon: the daemon itself, and login, which asks on the caller's
   * terminal and reads the caller's stdin.
   */
  private static final Set<String> LOCAL = Set.of("daemon", "login", "container-monitor");

  /** Signals passed on to the daemon (QUIT and USR2 only where the JVM lets go of them). */
  private static final List<String> FORWARDED =
      List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

  private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

  /** The whole command line, for commands that run without a daemon. */
  private static final String MAIN = "dev.berth.agent.cli.Main";

  private ThinClient() {}

  /** The daemon's socket: $BERTH_SOCKET, else berth.sock in $BERTH_ROOT or /var/lib/berth. */
  public static Path socket(Map<String, String> env) {
    String explicit = env.get(SOCKET_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String root = env.get("BERTH_ROOT");
    return Path.of(root == null || root.isBlank() ? "/var/lib/berth" : root)
        .toAbsolutePath()
        .resolve(SOCKET_NAME);
  }

  public static void main(String[] args) throws Exception {
    // Name the JDK's own selector provider (epoll, the Linux default): otherwise finding it means
    // a service look-up that opens every jar on the class path, a fifth of the client's start-up.
    if (System.getProperty(SELECTOR_PROVIDER) == null) {
      System.setProperty(SELECTOR_PROVIDER, "sun.nio.ch.EPollSelectorProvider");
    }
    SocketChannel channel = args.length > 0 && LOCAL.contains(args[0]) ? null : connect();
    System.exit(channel == null ? runElsewhere(args) : talk(channel, args));
  }

  /**
   * Runs the command without a daemon, in a JVM of its own like {@code berth} without a daemon:
   * this one is tuned to start fast ({@code bin/berth} runs it interpreted, without a JIT), not to
   * run the whole agent.
   */
  private static int runElsewhere(String[] args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    String options = System.getenv("BERTH_JAVA_OPTS");
    if (options != null && !options.isBlank()) {
      command.addAll(List.of(options.trim().split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    // a terminal's INT and QUIT reach both processes; a TERM sent to this one alone is passed on
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("TERM"),
          new sun.misc.SignalHandler() {
            @Override
            public void handle(sun.misc.Signal received) {
              process.destroy();
            }
          });
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException reservedByTheJvm) {
      // then the JVM's default applies
    }
    return process.waitFor();
  }

  private static SocketChannel connect() {
    Path socket = socket(System.getenv());
    if (!Files.exists(socket)) {
      return null;
    }
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
      } catch (IOException e) {
        channel.close();
        return null; // a stale socket: no daemon answers
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static int talk(SocketChannel channel, String[] args) {
    DaemonProtocol protocol = new DaemonProtocol(channel, channel);
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    try {
      DaemonProtocol.Request request =
          new DaemonProtocol.Request(
              List.of(args),
              System.getenv(),
              Path.of("").toAbsolutePath().toString(),
              isTerminal(1),
              isTerminal(2));
      byte[] encoded = request.encode();
      protocol.send(DaemonProtocol.REQUEST, encoded, 0, encoded.length);
      forwardSignals(protocol);
      while (true) {
        DaemonProtocol.Frame frame = protocol.receive();
        if (frame == null) {
          return fail(stderr, "the berth daemon closed the connection without an exit status");
        }
        switch (frame.type()) {
          case DaemonProtocol.STDOUT -> copy(frame.payload(), stdout);
          case DaemonProtocol.STDERR -> copy(frame.payload(), stderr);
          case DaemonProtocol.EXIT -> {
            return frame.number();
          }
          default -> {
            return fail(stderr, "the berth daemon sent an unknown frame '" + frame.type() + "'");
          }
        }
      }
    } catch (IOException e) {
      return fail(stderr, "lost the connection to the berth daemon: " + e.getMessage());
    }
  }

  private static void copy(byte[] bytes, OutputStream target) {
    try {
      target.write(bytes);
    } catch (IOException e) {
      // our stdout went away (a closed pipe): keep draining until the exit status comes
    }
  }

  private static int fail(OutputStream stderr, String message) {
    try {
      stderr.write(("Error: " + message + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // nowhere left to report it
    }
    return AGENT_ERROR;
  }

  /** Whether a descriptor of ours is a terminal, as /proc shows it (no native call needed). */
  private static boolean isTerminal(int fd) {
    try {
      // concat(), not +: the first + in a JVM bootstraps invokedynamic, milliseconds of start-up
      String target =
          Files.readSymbolicLink(Path.of("/proc/self/fd/".concat(Integer.toString(fd)))).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @SuppressWarnings("removal") // sun.misc.Signal: the JDK's only way to catch SIGTERM/SIGINT
  private static void forwardSignals(DaemonProtocol protocol) {
    for (String name : FORWARDED) {
      try {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        int number = signal.getNumber();
        // a class, not a lambda: the first lambda in a JVM costs milliseconds of start-up
        sun.misc.Signal.handle(
            signal,
            new sun.misc.SignalHandler() {
              @Override
              public void handle(sun.misc.Signal received) {
                try {
                  protocol.sendNumber(DaemonProtocol.SIGNAL, number);
                } catch (IOException gone) {
                  // the daemon has already answered
                }
              }
            });
      } catch (IllegalArgumentException reservedByTheJvm) {
        // not catchable in a JVM
      }
    }
  }
}
