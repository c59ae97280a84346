package dev.berth.agent.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.SocketChannel;
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

  private final SocketChannel channel;
  private final DaemonProtocol protocol;
  private final DaemonProtocol.Request request;
  private final long receivedNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile IntConsumer signalTarget;
  private volatile Thread worker;

  private DaemonSession(
      SocketChannel channel,
      DaemonProtocol protocol,
      DaemonProtocol.Request request,
      long receivedNanos) {
    this.channel = channel;
    this.protocol = protocol;
    this.request = request;
    this.receivedNanos = receivedNanos;
  }

  /** Serves one connection to its end, on the calling thread. */
  static void serve(SocketChannel channel, Handler handler, PrintWriter log) {
    DaemonProtocol protocol = new DaemonProtocol(channel, channel);
    DaemonSession session;
    try {
      DaemonProtocol.Frame first = protocol.receive();
      if (first == null) {
        channel.close();
        return;
      }
      long received = System.nanoTime();
      if (first.type() != DaemonProtocol.REQUEST) {
        throw new IOException("expected a request frame, got '" + (char) first.type() + "'");
      }
      session =
          new DaemonSession(
              channel, protocol, DaemonProtocol.Request.decode(first.payload()), received);
    } catch (IOException e) {
      refuse(channel, protocol, e.getMessage());
      return;
    }
    session.run(handler, log);
  }

  private static void refuse(SocketChannel channel, DaemonProtocol protocol, String message) {
    try {
      byte[] text = ("Error: " + message + "\n").getBytes(StandardCharsets.UTF_8);
      protocol.send(DaemonProtocol.STDERR, text, 0, text.length);
      protocol.sendNumber(DaemonProtocol.EXIT, ThinClient.AGENT_ERROR);
    } catch (IOException gone) {
      // the client left
    } finally {
      close(channel);
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
      close(channel);
    }
    return true;
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
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
