package dev.berth.agent.daemon;

import dev.berth.agent.linux.Linux;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One client's connection to the daemon: its request, the client process's own output streams
 * ({@link ClientProcess}), and its signals. A reader thread takes the client's signal lines; a
 * signal goes to the command if it asked for them ({@link #forwardSignals}, as a foreground {@code
 * run} does for its container), and otherwise ends the command as it would end a {@code berth}
 * process: the client gets 128 + the signal number and the command's thread is interrupted. A
 * client that goes away without a word (killed) has its output dropped from then on, and a command
 * that does not forward signals is interrupted.
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

  /** Exit status of an error of the agent itself (podman's and docker's 125). */
  static final int AGENT_ERROR = 125;

  /** The longest line read from a connection before it has shown the client key. */
  private static final int AUTH_LINE =
      DaemonProtocol.AUTH.length() + 1 + DaemonEndpoint.KEY_BYTES * 2;

  private final Socket socket;
  private final DaemonProtocol protocol;
  private final List<String> args;
  private final ClientProcess client;
  private final long receivedNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final ClientOutput stdout;
  private final ClientOutput stderr;
  private volatile boolean clientGone;
  private volatile IntConsumer signalTarget;
  private final Object workerLock = new Object();
  private Thread worker; // guarded by workerLock: the thread that runs the command, while it does
  private final Executor threads;

  private DaemonSession(
      Socket socket,
      DaemonProtocol protocol,
      List<String> args,
      ClientProcess client,
      long receivedNanos,
      Executor threads) {
    this.socket = socket;
    this.threads = threads;
    this.protocol = protocol;
    this.args = args;
    this.client = client;
    this.receivedNanos = receivedNanos;
    this.stdout = new ClientOutput(client.stdout());
    this.stderr = new ClientOutput(client.stderr());
  }

  /**
   * Serves one connection to its end, on the calling thread: sends the daemon key, takes the client
   * key (a connection without it is closed unanswered), then the request; the client's signals are
   * read on a thread from {@code threads}.
   */
  static void serve(
      Socket socket,
      DaemonEndpoint endpoint,
      Handler handler,
      Linux linux,
      Path proc,
      Executor threads,
      PrintWriter log) {
    DaemonProtocol protocol;
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
      protocol =
          new DaemonProtocol(
              new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
      protocol.send(DaemonProtocol.HELLO, endpoint.daemonKeyHex());
      String auth = protocol.receiveLine(AUTH_LINE);
      if (auth == null) {
        close(socket); // a probe: someone looking whether a daemon answers
        return;
      }
      if (!auth.startsWith(DaemonProtocol.AUTH + " ")
          || !endpoint.isClientKey(auth.substring(DaemonProtocol.AUTH.length() + 1))) {
        refused(socket, log, "without the client key");
        return;
      }
    } catch (IOException e) {
      refused(socket, log, "that sent no key line: " + e.getMessage());
      return;
    }
    DaemonProtocol.Request request;
    try {
      request = protocol.receiveRequest();
    } catch (IOException e) {
      answer(socket, protocol, DaemonProtocol.ERROR, e.getMessage());
      return;
    }
    long received = System.nanoTime();
    ClientProcess client;
    try {
      client = ClientProcess.attach(linux, request.pid(), request.stdout(), request.stderr(), proc);
      socket.setSoTimeout(0); // from now on the client may stay silent for as long as it runs
    } catch (IOException e) {
      log.println("berth daemon: cannot serve process " + request.pid() + ": " + e.getMessage());
      log.flush();
      answer(socket, protocol, DaemonProtocol.UNSERVED, e.getMessage());
      return;
    }
    new DaemonSession(socket, protocol, request.args(), client, received, threads)
        .run(handler, log);
  }

  private static void refused(Socket socket, PrintWriter log, String why) {
    log.println("berth daemon: refused a connection from port " + socket.getPort() + " " + why);
    log.flush();
    close(socket);
  }

  /** Answers a request the daemon does not run, and closes the connection. */
  private static void answer(Socket socket, DaemonProtocol protocol, String word, String message) {
    try {
      protocol.send(word, message == null ? "" : message);
      if (word.equals(DaemonProtocol.ERROR)) {
        protocol.send(DaemonProtocol.EXIT, Integer.toString(AGENT_ERROR));
      }
    } catch (IOException gone) {
      // the client left
    } finally {
      close(socket);
    }
  }

  private void run(Handler handler, PrintWriter log) {
    synchronized (workerLock) {
      worker = Thread.currentThread();
    }
    threads.execute(this::readSignals);
    int status;
    try {
      status = handler.handle(this);
    } catch (RuntimeException | Error e) {
      log.println("berth daemon: request " + args + " failed: " + e);
      log.flush();
      byte[] text = ("Error: " + e + "\n").getBytes(StandardCharsets.UTF_8);
      try {
        stderr.write(text);
      } catch (IOException gone) {
        // the client left
      }
      status = AGENT_ERROR;
    }
    finish(status);
    synchronized (workerLock) {
      worker = null;
      Thread.interrupted(); // an abort's interrupt must not reach the thread's next task
    }
  }

  private void readSignals() {
    try {
      String line;
      while ((line = protocol.receiveLine()) != null) {
        OptionalInt signal = DaemonProtocol.numberAfter(DaemonProtocol.SIGNAL, line);
        if (signal.isEmpty() || signal.getAsInt() < 1 || signal.getAsInt() > 64) {
          continue; // nothing else is expected after the request
        }
        IntConsumer target = signalTarget;
        if (target != null) {
          target.accept(signal.getAsInt());
        } else if (finish(128 + signal.getAsInt())) {
          interruptWorker();
          return;
        }
      }
    } catch (IOException closed) {
      // the command finished, or the client went away
    }
    if (!finished.get()) {
      // the client went away while its command runs: nobody reads its output any more, and a
      // command that would end with its client (logs -f, ps, a pull) ends now; a foreground run's
      // container goes on, with its output in its log
      clientGone = true;
      if (signalTarget == null) {
        interruptWorker();
      }
    }
  }

  private void interruptWorker() {
    synchronized (workerLock) {
      if (worker != null) {
        worker.interrupt();
      }
    }
  }

  /**
   * Closes the daemon's copies of the client's streams, then sends the exit status and closes the
   * connection; false if that happened already. The streams go first, so that whoever reads the
   * client's output (a pipe, a {@code $(...)}) sees its end when the client exits.
   */
  private boolean finish(int status) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    client.close();
    try {
      protocol.send(DaemonProtocol.EXIT, Integer.toString(status));
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

  /** The command line the client asks for. */
  public List<String> args() {
    return args;
  }

  /** The client's environment. */
  public Map<String, String> env() {
    return client.environment();
  }

  /** The client's working directory. */
  public Path cwd() {
    return client.directory();
  }

  /** When the request arrived ({@link System#nanoTime()}). */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** The client's stdout; each write goes to it at once. */
  public OutputStream stdout() {
    return stdout;
  }

  /** The client's stderr; each write goes to it at once. */
  public OutputStream stderr() {
    return stderr;
  }

  /** From now on, passes the client's signals to {@code target} instead of ending the command. */
  public void forwardSignals(IntConsumer target) {
    signalTarget = target;
  }

  /**
   * One of the client's streams: writes go to the client's own descriptor until the client has
   * gone, and are dropped after, so that a killed client's terminal hears no more of a container
   * that goes on running; after the exit status they fail, the descriptor being closed.
   */
  private final class ClientOutput extends OutputStream {
    private final OutputStream target;

    ClientOutput(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (!clientGone) {
        target.write(bytes, offset, length);
      }
    }
  }
}
