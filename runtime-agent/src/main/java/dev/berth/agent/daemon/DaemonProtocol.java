package dev.berth.agent.daemon;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The lines {@code bin/berth} (a shell script: see its {@code daemon_client}) and {@code berth
 * daemon} exchange over their loopback connection. Lines are ASCII and end with a newline; only the
 * arguments are UTF-8, each ended by a NUL byte, so that any argument, newlines included, passes.
 *
 * <pre>
 * daemon to client, first   BERTH &lt;daemon key, 64 hex digits&gt;     (see {@link DaemonEndpoint})
 * client to daemon          AUTH &lt;client key, 64 hex digits&gt;      after it checked the hello
 *                           RUN &lt;pid&gt; &lt;stdout fd&gt; &lt;stderr fd&gt; &lt;argc&gt;
 *                             then argc times: argument NUL
 *                           SIGNAL &lt;number&gt;                       any time after, per signal
 * daemon to client          ERROR &lt;message&gt;     for the client's stderr (before its streams)
 *                           UNSERVED &lt;reason&gt;   the daemon cannot serve it: run it yourself
 *                           EXIT &lt;status&gt;       the last line; then the daemon closes
 * </pre>
 *
 * <p>The rest of the request the daemon reads from the client process itself, which it may since
 * both are root: the environment and working directory from {@code /proc/<pid>}, and its stdout and
 * stderr, taken with {@code pidfd_getfd(2)} ({@link ClientProcess}). The output so needs no
 * relaying, and a file the client writes to keeps one offset, the client's. The client names the
 * descriptors: copies of its stdout and stderr made before it wrote anything, because bash runs a
 * builtin with {@code >&FD} by moving FD onto its descriptor 1 for the while, so descriptor 1 may
 * be the connection itself at the moment the daemon takes it.
 */
public final class DaemonProtocol {
  /** The daemon's hello. */
  public static final String HELLO = "BERTH";

  public static final String AUTH = "AUTH";
  public static final String RUN = "RUN";
  public static final String SIGNAL = "SIGNAL";
  public static final String ERROR = "ERROR";
  public static final String UNSERVED = "UNSERVED";
  public static final String EXIT = "EXIT";

  /** The longest line accepted, arguments apart. */
  static final int MAX_LINE = 256;

  /** The most argument bytes a request may carry (the kernel's own limit for a command line). */
  static final int MAX_ARGUMENT_BYTES = 2 << 20;

  private final InputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();

  /** {@code in} should be buffered: lines are read a byte at a time. */
  public DaemonProtocol(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * What a client asks: the daemon runs {@code args} for the process {@code pid}, whose output goes
   * to that process's descriptors {@code stdout} and {@code stderr}.
   */
  public record Request(int pid, int stdout, int stderr, List<String> args) {
    public Request {
      args = List.copyOf(args);
    }
  }

  /** Sends {@code word} and its argument as one line, in one write. Thread-safe. */
  public void send(String word, String argument) throws IOException {
    String line = word + " " + argument.replace('\n', ' ') + "\n";
    synchronized (writeLock) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /**
   * Receives a line of at most {@code maxBytes}, without its newline; null when the other end
   * closed the connection between lines. Only one thread may receive.
   *
   * @throws IOException when the line is longer, not ASCII, or cut off
   */
  public String receiveLine(int maxBytes) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a line");
      }
      if (b == '\n') {
        return line.toString();
      }
      if (b < 0x20 || b > 0x7e || line.length() >= maxBytes) {
        throw new IOException(
            line.length() >= maxBytes ? "line longer than " + maxBytes + " bytes" : "not a line");
      }
      line.append((char) b);
    }
  }

  /** Receives a line of at most {@link #MAX_LINE} bytes (null at the end of the connection). */
  public String receiveLine() throws IOException {
    return receiveLine(MAX_LINE);
  }

  /**
   * Receives the request: its {@code RUN} line and arguments.
   *
   * @throws IOException when it is malformed, cut off, or carries too much
   */
  public Request receiveRequest() throws IOException {
    String line = receiveLine();
    if (line == null) {
      throw new EOFException("the client left before its request");
    }
    String[] words = line.split(" ", -1);
    if (words.length != 5 || !words[0].equals(RUN)) {
      throw new IOException(
          "malformed request: expected 'RUN <pid> <stdout fd> <stderr fd> <argc>', got '"
              + line
              + "'");
    }
    int pid = number(words[1], "pid");
    int stdout = number(words[2], "stdout");
    int stderr = number(words[3], "stderr");
    int argc = number(words[4], "argc");
    if (pid < 1 || argc > MAX_ARGUMENT_BYTES) {
      throw new IOException("malformed request: '" + line + "'");
    }
    List<String> args = new ArrayList<>(Math.min(argc, 1024));
    byte[] buffer = new byte[4096];
    int total = 0;
    for (int i = 0; i < argc; i++) {
      int length = 0;
      int b;
      while ((b = in.read()) != 0) {
        if (b < 0) {
          throw new EOFException("the client left inside its arguments");
        }
        if (++total > MAX_ARGUMENT_BYTES) {
          throw new IOException("arguments longer than " + MAX_ARGUMENT_BYTES + " bytes");
        }
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = (byte) b;
      }
      args.add(new String(buffer, 0, length, StandardCharsets.UTF_8));
    }
    return new Request(pid, stdout, stderr, args);
  }

  /** The number after {@code word} in a line such as {@code SIGNAL 15}; empty if it is not one. */
  public static OptionalInt numberAfter(String word, String line) {
    if (line == null || !line.startsWith(word + " ")) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(line.substring(word.length() + 1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static int number(String text, String what) throws IOException {
    try {
      int value = Integer.parseInt(text);
      if (value < 0) {
        throw new NumberFormatException(text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IOException("malformed request: " + what + " '" + text + "'", e);
    }
  }
}
