package dev.berth.agent.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Listens on the daemon's unix socket and serves each connection on a thread of its own.
 *
 * <p>The socket is bound under a temporary name, made {@code 0600}, and only then renamed into
 * place, so that it is never reachable with looser permissions; every connection is also checked
 * with {@code SO_PEERCRED} and served only when the peer runs as the daemon's own user (root): the
 * commands it runs are as mighty as root.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
public final class DaemonServer implements Closeable {
  private final Path socket;
  private final ServerSocketChannel server;
  private final Object socketKey;
  private final Thread acceptor;
  private final UserPrincipal owner;

  private DaemonServer(
      Path socket,
      ServerSocketChannel server,
      Object socketKey,
      DaemonSession.Handler handler,
      PrintWriter log)
      throws IOException {
    this.socket = socket;
    this.server = server;
    this.socketKey = socketKey;
    this.owner = Files.getOwner(Path.of("/proc/self"));
    this.acceptor = new Thread(() -> accept(handler, log), "berth-daemon-accept");
  }

  /**
   * Binds the socket and starts serving.
   *
   * @throws IOException when the socket cannot be bound, or another daemon answers on it
   */
  public static DaemonServer start(Path socket, DaemonSession.Handler handler, PrintWriter log)
      throws IOException {
    Path parent = socket.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(socket) && answers(socket)) {
      throw new IOException("another berth daemon already listens on " + socket);
    }
    Path temporary =
        parent.resolve("." + socket.getFileName() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(temporary);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(temporary));
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      Files.move(
          temporary, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
      DaemonServer daemon = new DaemonServer(socket, server, key, handler, log);
      daemon.acceptor.start();
      return daemon;
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /** Whether a daemon answers on {@code socket}. */
  static boolean answers(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public Path socket() {
    return socket;
  }

  private void accept(DaemonSession.Handler handler, PrintWriter log) {
    while (true) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        log.println("berth daemon: accept failed: " + e.getMessage());
        log.flush();
        continue;
      }
      if (!fromOwner(channel, log)) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // refused anyway
        }
        continue;
      }
      Thread session =
          new Thread(() -> DaemonSession.serve(channel, handler, log), "berth-daemon-request");
      session.setDaemon(true);
      session.start();
    }
  }

  private boolean fromOwner(SocketChannel channel, PrintWriter log) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (peer.user().equals(owner)) {
        return true;
      }
      log.println("berth daemon: refused a connection from user " + peer.user().getName());
    } catch (IOException | UnsupportedOperationException e) {
      log.println("berth daemon: cannot identify a peer: " + e.getMessage());
    }
    log.flush();
    return false;
  }

  /** Blocks until the daemon stops listening. */
  public void await() throws InterruptedException {
    acceptor.join();
  }

  /** Stops listening and removes the socket, unless another daemon has replaced it since. */
  @Override
  public void close() throws IOException {
    server.close();
    try {
      Object current = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
      if (socketKey != null && socketKey.equals(current)) {
        Files.deleteIfExists(socket);
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      // already removed
    }
  }
}
