package dev.berth.agent.daemon;

import dev.berth.agent.linux.Linux;
import dev.berth.agent.runtime.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Listens on a loopback port and serves each connection on a thread of its own.
 *
 * <p>The port is ephemeral and written, with two fresh keys, to the {@link DaemonEndpoint} file
 * ({@code 0600}): a connection is served only after the client presents the client key, which only
 * the daemon's own user (root) can read, so the commands it runs, as mighty as root, are open to
 * nobody else. Until then the daemon reads at most one key-sized frame, for at most {@link
 * DaemonSession#HANDSHAKE_TIMEOUT_MILLIS}.
 */
public final class DaemonServer implements Closeable {
  private static final Path PROC = Path.of("/proc");

  private final Path file;
  private final DaemonEndpoint endpoint;
  private final ServerSocket server;
  private final Thread acceptor;

  /**
   * The threads that serve connections and read their clients' signals, kept for the next ones:
   * handing a request to an idle thread is a wake-up, starting a thread took 0.1–0.5 ms here. A
   * launch never runs on them (it needs a fresh thread: see {@code FreshThreads}).
   */
  private final ExecutorService sessions =
      Executors.newCachedThreadPool(DaemonThreads.named("berth-daemon-session"));

  private DaemonServer(
      Path file,
      DaemonEndpoint endpoint,
      ServerSocket server,
      DaemonSession.Handler handler,
      Linux linux,
      PrintWriter log) {
    this.file = file;
    this.endpoint = endpoint;
    this.server = server;
    this.acceptor = new Thread(() -> accept(handler, linux, log), "berth-daemon-accept");
  }

  /**
   * Listens on a free loopback port and publishes it in {@code file}.
   *
   * @throws IOException when no port can be bound, the file cannot be written, or another daemon
   *     answers at the endpoint the file names
   */
  public static DaemonServer start(
      Path file, DaemonSession.Handler handler, Linux linux, PrintWriter log) throws IOException {
    if (Files.exists(file) && answers(file)) {
      throw new IOException("another berth daemon already listens at the endpoint in " + file);
    }
    ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    try {
      DaemonEndpoint endpoint = DaemonEndpoint.withNewKeys(server.getLocalPort());
      endpoint.write(file);
      DaemonServer daemon = new DaemonServer(file, endpoint, server, handler, linux, log);
      daemon.acceptor.start();
      return daemon;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Whether a daemon answers, with the right key, at the endpoint {@code file} names. */
  static boolean answers(Path file) {
    try {
      DaemonEndpoint endpoint = DaemonEndpoint.read(file);
      try (Socket probe = new Socket()) {
        probe.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()),
            DaemonSession.HANDSHAKE_TIMEOUT_MILLIS);
        probe.setSoTimeout(DaemonSession.HANDSHAKE_TIMEOUT_MILLIS);
        String hello =
            new DaemonProtocol(
                    new BufferedInputStream(probe.getInputStream()), probe.getOutputStream())
                .receiveLine();
        return hello != null
            && hello.startsWith(DaemonProtocol.HELLO + " ")
            && endpoint.isDaemonKey(hello.substring(DaemonProtocol.HELLO.length() + 1));
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** The file that names this daemon's endpoint. */
  public Path file() {
    return file;
  }

  /** Where this daemon listens. */
  public DaemonEndpoint endpoint() {
    return endpoint;
  }

  private void accept(DaemonSession.Handler handler, Linux linux, PrintWriter log) {
    while (true) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketException closed) {
        if (server.isClosed()) {
          return;
        }
        log.println("berth daemon: accept failed: " + closed.getMessage());
        log.flush();
        continue;
      } catch (IOException e) {
        log.println("berth daemon: accept failed: " + e.getMessage());
        log.flush();
        continue;
      }
      sessions.execute(
          () -> DaemonSession.serve(socket, endpoint, handler, linux, PROC, sessions, log));
    }
  }

  /** Blocks until the daemon stops listening. */
  public void await() throws InterruptedException {
    acceptor.join();
  }

  /** Stops listening and removes the endpoint file, unless another daemon has replaced it since. */
  @Override
  public void close() throws IOException {
    server.close();
    try {
      if (DaemonEndpoint.read(file).equals(endpoint)) {
        Files.deleteIfExists(file);
      }
    } catch (NoSuchFileException gone) {
      // already removed
    }
  }
}
