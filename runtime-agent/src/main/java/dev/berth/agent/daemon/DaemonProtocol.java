package dev.berth.agent.daemon;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames the thin client and {@code berth daemon} exchange over their loopback connection. Both
 * ends use this class; it needs nothing beyond the JDK, so that the client stays small.
 *
 * <pre>
 * frame    = type:u8  length:u32 (big-endian, at most 16 MiB)  payload
 *
 * daemon to client, first
 *   'H'  hello:   the daemon key (see {@link DaemonEndpoint}); nothing else before it
 * client to daemon
 *   'A'  auth:    the client key; the first frame, once, after the client checked the hello
 *   'Q'  request: the second frame, once (see {@link Request})
 *   'S'  signal:  u32 signal number the client received
 * daemon to client
 *   '1'  bytes for the client's stdout
 *   '2'  bytes for the client's stderr
 *   'X'  exit:    u32 status; the last frame, after which the daemon closes the connection
 *
 * request  = u32 version  u32 argc (string)*argc  u32 envc (string string)*envc  string cwd
 *            u8 flags (bit 0: stdout is a terminal, bit 1: stderr is a terminal)
 * string   = u32 length  UTF-8 bytes
 * </pre>
 *
 * <p>Output travels as frames on the one connection rather than as passed file descriptors so that
 * stdout and stderr keep their relative order and a client on another machine (an SSH tunnel to the
 * port) works the same. Writes are whole frames under one lock, so several threads (the two output
 * pumps of a container, the command's own messages) can share a connection.
 */
public final class DaemonProtocol {
  /** Version of the request layout; a daemon refuses a request of another version. */
  public static final int VERSION = 2;

  public static final byte HELLO = 'H';
  public static final byte AUTH = 'A';
  public static final byte REQUEST = 'Q';
  public static final byte SIGNAL = 'S';
  public static final byte STDOUT = '1';
  public static final byte STDERR = '2';
  public static final byte EXIT = 'X';

  /** The largest payload accepted: a request carries the whole environment, but not more. */
  static final int MAX_PAYLOAD = 16 << 20;

  /** Output is cut into frames of at most this size. */
  static final int CHUNK = 64 << 10;

  private final InputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();
  private final byte[] header = new byte[5];

  public DaemonProtocol(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** One frame as received. */
  public record Frame(byte type, byte[] payload) {
    /** The payload of a signal or exit frame. */
    public int number() throws IOException {
      if (payload.length != 4) {
        throw new IOException(
            "malformed frame '" + (char) type + "': " + payload.length + " bytes, expected 4");
      }
      return ByteBuffer.wrap(payload).getInt();
    }
  }

  /** Sends one frame. Thread-safe. */
  public void send(byte type, byte[] payload, int offset, int length) throws IOException {
    if (length > MAX_PAYLOAD) {
      throw new IOException("frame too large: " + length + " bytes");
    }
    // one write per frame: with header and payload apart, Nagle's algorithm could hold the payload
    // back until the peer acknowledged the header
    byte[] frame = new byte[5 + length];
    frame[0] = type;
    frame[1] = (byte) (length >>> 24);
    frame[2] = (byte) (length >>> 16);
    frame[3] = (byte) (length >>> 8);
    frame[4] = (byte) length;
    System.arraycopy(payload, offset, frame, 5, length);
    synchronized (writeLock) {
      out.write(frame);
      out.flush();
    }
  }

  /** Sends a signal or exit frame. */
  public void sendNumber(byte type, int number) throws IOException {
    send(type, ByteBuffer.allocate(4).putInt(number).array(), 0, 4);
  }

  /**
   * Receives the next frame; null when the other end closed the connection between frames. Only one
   * thread may receive.
   *
   * @throws EOFException when the connection ends inside a frame
   */
  public Frame receive() throws IOException {
    return receive(MAX_PAYLOAD);
  }

  /**
   * Receives the next frame, refusing one longer than {@code maxPayload} before reading it (the
   * daemon reads the client's first frame so, before it knows who is asking).
   */
  public Frame receive(int maxPayload) throws IOException {
    if (!readFully(header, true)) {
      return null;
    }
    byte type = header[0];
    int length =
        (header[1] & 0xff) << 24
            | (header[2] & 0xff) << 16
            | (header[3] & 0xff) << 8
            | header[4] & 0xff;
    if (length < 0 || length > maxPayload) {
      throw new IOException("malformed frame '" + (char) type + "': length " + length);
    }
    byte[] payload = new byte[length];
    readFully(payload, false);
    return new Frame(type, payload);
  }

  /** A stream whose writes become frames of {@code type}; close does not close the connection. */
  public OutputStream output(byte type) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int sent = 0; sent < length; sent += CHUNK) {
          send(type, bytes, offset + sent, Math.min(CHUNK, length - sent));
        }
      }
    };
  }

  private boolean readFully(byte[] buffer, boolean endAllowed) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        if (endAllowed && filled == 0) {
          return false;
        }
        throw new EOFException("connection closed inside a frame");
      }
      filled += read;
    }
    return true;
  }

  /**
   * What the client asks: its arguments, environment and working directory, and whether its stdout
   * and stderr are terminals.
   */
  public record Request(
      List<String> args,
      Map<String, String> env,
      String cwd,
      boolean stdoutTerminal,
      boolean stderrTerminal) {
    public Request {
      args = List.copyOf(args);
      env = Map.copyOf(env);
    }

    public byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream data = new DataOutputStream(bytes)) {
        data.writeInt(VERSION);
        data.writeInt(args.size());
        for (String arg : args) {
          writeString(data, arg);
        }
        data.writeInt(env.size());
        for (Map.Entry<String, String> entry : env.entrySet()) {
          writeString(data, entry.getKey());
          writeString(data, entry.getValue());
        }
        writeString(data, cwd);
        data.writeByte((stdoutTerminal ? 1 : 0) | (stderrTerminal ? 2 : 0));
      } catch (IOException e) {
        throw new IllegalStateException("cannot happen in memory", e);
      }
      return bytes.toByteArray();
    }

    /**
     * Decodes a request payload.
     *
     * @throws IOException when it is not a well-formed request of this {@link #VERSION}
     */
    public static Request decode(byte[] payload) throws IOException {
      DataInputStream data = new DataInputStream(new ByteArrayInputStream(payload));
      try {
        int version = data.readInt();
        if (version != VERSION) {
          throw new IOException(
              "the client speaks protocol version "
                  + version
                  + ", this daemon "
                  + VERSION
                  + ": restart the daemon after an upgrade");
        }
        int argc = count(data, payload.length);
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
          args.add(readString(data, payload.length));
        }
        int envc = count(data, payload.length);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < envc; i++) {
          env.put(readString(data, payload.length), readString(data, payload.length));
        }
        String cwd = readString(data, payload.length);
        int flags = data.readUnsignedByte();
        if (data.available() > 0) {
          throw new IOException("malformed request: " + data.available() + " bytes left over");
        }
        return new Request(args, env, cwd, (flags & 1) != 0, (flags & 2) != 0);
      } catch (EOFException e) {
        throw new IOException("malformed request: truncated", e);
      }
    }

    private static void writeString(DataOutputStream data, String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      data.writeInt(bytes.length);
      data.write(bytes);
    }

    private static int count(DataInputStream data, int limit) throws IOException {
      int count = data.readInt();
      if (count < 0 || count > limit) {
        throw new IOException("malformed request: count " + count);
      }
      return count;
    }

    private static String readString(DataInputStream data, int limit) throws IOException {
      int length = count(data, limit);
      byte[] bytes = new byte[length];
      data.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
