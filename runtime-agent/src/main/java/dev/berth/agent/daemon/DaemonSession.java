package dev.berth.agent.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One client's connection to the daemon: its request, the streams that carry the command's output
 * back, and its signals. A reader thread takes the client's signal frames; a signal goes to the
 * command if it asked for them ({@link #forwardSignals}, as a foreground {@code run} does for its
 * container), and otherwise ends the command as it would end a {@code berth} process: the client
 * gets 128 + the signal number and the command's thread is interrupted.
 */
public final class DaemonSession {
  /** What the daemon does with a request. */
  @FunctionalInterface
  public interface Handler {
    /** Runs the request and returns its exit status; output goes to the session's streams. */
    int handle(DaemonSession session);
  }

  /** How long a connection may take to authenticate and send its request. */
  static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final DaemonProtocol protocol;
  private final DaemonProtocol.Request request;
  private final long receivedNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile IntConsumer signalTarget;
  private volatile Thread worker;

  private DaemonSession(
      Socket socket, DaemonProtocol protocol, DaemonProtocol.Request request, long receivedNanos) {
    this.socket = socket;
    this.protocol = protocol;
    this.request = request;
    this.receivedNanos = receivedNanos;
  }

  /**
   * Serves one connection to its end, on the calling thread: sends the daemon key, takes the client
   * key (a connection without it is closed unanswered), then the request.
   */
  static void serve(Socket socket, DaemonEndpoint endpoint, Handler handler, PrintWriter log) {
    DaemonProtocol protocol;
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
      protocol = new DaemonProtocol(socket.getInputStream(), socket.getOutputStream());
      byte[] key = endpoint.daemonKey();
      protocol.send(DaemonProtocol.HELLO, key, 0, key.length);
      DaemonProtocol.Frame auth = protocol.receive(DaemonEndpoint.KEY_BYTES);
      if (auth == null) {
        close(socket); // a probe: someone looking whether a daemon answers
        return;
      }
      if (auth.type() != DaemonProtocol.AUTH || !endpoint.isClientKey(auth.payload())) {
        log.println(
            "berth daemon: refused a connection from port "
                + socket.getPort()
                + " without the client key");
        log.flush();
        close(socket);
        return;
      }
    } catch (IOException e) {
      log.println("berth daemon: refused a connection: " + e.getMessage());
      log.flush();
      close(socket);
      return;
    }
    DaemonSession session;
    try {
      DaemonProtocol.Frame first = protocol.receive();
      if (first == null) {
        close(socket);
        return;
      }
      long received = System.nanoTime();
      if (first.type() != DaemonProtocol.REQUEST) {
        throw new IOException("expected a request frame, got '" + (char) first.type() + "'");
      }
      socket.setSoTimeout(0); // from now on the client may stay silent for as long as it runs
      session =
          new DaemonSession(
              socket, protocol, DaemonProtocol.Request.decode(first.payload()), received);
    } catch (IOException e) {
      refuse(socket, protocol, e.getMessage());
      return;
    }
    session.run(handler, log);
  }

  private static void refuse(Socket socket, DaemonProtocol protocol, String message) {
    try {
      byte[] text = ("Error: " + message + "\n").getBytes(StandardCharsets.UTF_8);
      protocol.send(DaemonProtocol.STDERR, text, 0, text.length);
      protocol.sendNumber(DaemonProtocol.EXIT, ThinClient.AGENT_ERROR);
    } catch (IOException gone) {
      // the client left
    } finally {
      close(socket);
    }
  }

  private void run(Handler handler, PrintWriter log) {
    worker = Thread.currentThread();
    Thread signals = new Thread(this::readSignals, "berth-session-signals");
    signals.setDaemon(true);
    signals.start();
    int status;
    try {
      status = handler.handle(this);
    } catch (RuntimeException | Error e) {
      log.println("berth daemon: request " + request.args() + " failed: " + e);
      log.flush();
      byte[] text = ("Error: " + e + "\n").getBytes(StandardCharsets.UTF_8);
      try {
        stderr().write(text);
      } catch (IOException gone) {
        // the client left
      }
      status = ThinClient.AGENT_ERROR;
    }
    finish(status);
    Thread.interrupted(); // an abort's interrupt must not leak into the next use of this thread
  }

  private void readSignals() {
    try {
      DaemonProtocol.Frame frame;
      while ((frame = protocol.receive()) != null) {
        if (frame.type() != DaemonProtocol.SIGNAL) {
          continue; // nothing else is expected after the request
        }
        int signal = frame.number();
        IntConsumer target = signalTarget;
        if (target != null) {
          target.accept(signal);
        } else if (finish(128 + signal)) {
          Thread running = worker;
          if (running != null) {
            running.interrupt();
          }
          return;
        }
      }
    } catch (IOException closed) {
      // the command finished, or the client went away: either ends this reader
    }
  }

  /** Sends the exit status and closes the connection; false if that happened already. */
  private boolean finish(int status) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    try {
      protocol.sendNumber(DaemonProtocol.EXIT, status);
    } catch (IOException gone) {
      // the client left; nobody waits for the status
    } finally {
      close(socket);
    }
    return true;
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }

  public DaemonProtocol.Request request() {
    return request;
  }

  /** When the request arrived ({@link System#nanoTime()}). */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** The client's stdout; each write is sent at once. */
  public OutputStream stdout() {
    return protocol.output(DaemonProtocol.STDOUT);
  }

  /** The client's stderr; each write is sent at once. */
  public OutputStream stderr() {
    return protocol.output(DaemonProtocol.STDERR);
  }

  /** From now on, passes the client's signals to {@code target} instead of ending the command. */
  public void forwardSignals(IntConsumer target) {
    signalTarget = target;
  }
}
