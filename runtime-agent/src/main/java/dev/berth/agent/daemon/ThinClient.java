package dev.berth.agent.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code berth} command when a daemon runs: sends the arguments, environment and directory to
 * {@code berth daemon}, copies the output it sends back to stdout and stderr, passes its signals on
 * and exits with the status the daemon reports. It uses nothing but the JDK and {@link
 * DaemonProtocol}, so its JVM loads a few hundred classes and starts in well under 100 ms; the
 * daemon's JVM is already warm. Without a daemon (no {@link DaemonEndpoint} file, or nobody answers
 * there with the daemon key) it runs the command in a JVM of its own, as {@code berth} does without
 * a daemon.
 */
public final class ThinClient {
  /** How long the client waits for a daemon's hello before it runs the command itself. */
  private static final int HELLO_TIMEOUT_MILLIS = 10_000;

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

  /** The whole command line, for commands that run without a daemon. */
  private static final String MAIN = "dev.berth.agent.cli.Main";

  private ThinClient() {}

  public static void main(String[] args) throws Exception {
    Connection connection = args.length > 0 && LOCAL.contains(args[0]) ? null : connect();
    System.exit(connection == null ? runElsewhere(args) : talk(connection, args));
  }

  /** A connection on which the daemon has proved itself with the daemon key. */
  private record Connection(Socket socket, DaemonProtocol protocol, DaemonEndpoint endpoint) {}

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

  /**
   * Connects to the daemon the endpoint file names; null when there is none: no file, one this user
   * may not read, nobody listening (a daemon that died), or a listener that does not send the
   * daemon key (the port of a dead daemon taken by another program, which so learns nothing).
   */
  private static Connection connect() {
    Path file = DaemonEndpoint.file(System.getenv());
    if (!Files.isReadable(file)) {
      return null;
    }
    Socket socket = new Socket();
    try {
      DaemonEndpoint endpoint = DaemonEndpoint.read(file);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()));
      socket.setSoTimeout(HELLO_TIMEOUT_MILLIS);
      DaemonProtocol protocol =
          new DaemonProtocol(socket.getInputStream(), socket.getOutputStream());
      DaemonProtocol.Frame hello = protocol.receive(DaemonEndpoint.KEY_BYTES);
      if (hello == null
          || hello.type() != DaemonProtocol.HELLO
          || !endpoint.isDaemonKey(hello.payload())) {
        socket.close();
        return null;
      }
      socket.setSoTimeout(0);
      return new Connection(socket, protocol, endpoint);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing was sent
      }
      return null;
    }
  }

  private static int talk(Connection connection, String[] args) {
    DaemonProtocol protocol = connection.protocol();
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    try {
      byte[] key = connection.endpoint().clientKey();
      protocol.send(DaemonProtocol.AUTH, key, 0, key.length);
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
