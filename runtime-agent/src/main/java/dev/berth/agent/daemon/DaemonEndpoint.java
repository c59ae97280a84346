package dev.berth.agent.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Where {@code berth daemon} listens and the two keys that make its loopback connection as private
 * as a {@code 0600} unix socket: the file that holds them is readable by the daemon's user (root)
 * only, so a client that presents the client key could read it, and a daemon that presents the
 * daemon key is the one that wrote it.
 *
 * <p>Why TCP on 127.0.0.1 and not a unix socket: the client is {@code bin/berth} itself, and bash
 * opens TCP connections ({@code /dev/tcp/127.0.0.1/PORT}) but not unix sockets. Bazel's client and
 * server use the same scheme (a loopback port and cookies in a private file).
 *
 * <pre>
 * port=40123
 * client-key=64 hex digits   the client's first line carries them
 * daemon-key=64 hex digits   the daemon's first line carries them
 * </pre>
 *
 * <p>The daemon sends its key first, so a client never sends its key, arguments or environment to a
 * program that took over the port of a daemon that died.
 */
public record DaemonEndpoint(int port, byte[] clientKey, byte[] daemonKey) {
  /** The environment variable naming the endpoint file. */
  public static final String FILE_ENV = "BERTH_DAEMON_FILE";

  /** The endpoint file's name in the state directory. */
  public static final String FILE_NAME = "daemon.endpoint";

  /** Bytes in each key. */
  static final int KEY_BYTES = 32;

  public DaemonEndpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (clientKey.length != KEY_BYTES || daemonKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("keys must have " + KEY_BYTES + " bytes");
    }
    clientKey = clientKey.clone();
    daemonKey = daemonKey.clone();
  }

  /** An endpoint on {@code port} with fresh random keys. */
  public static DaemonEndpoint withNewKeys(int port) {
    SecureRandom random = new SecureRandom();
    byte[] client = new byte[KEY_BYTES];
    byte[] daemon = new byte[KEY_BYTES];
    random.nextBytes(client);
    random.nextBytes(daemon);
    return new DaemonEndpoint(port, client, daemon);
  }

  /**
   * The endpoint file: $BERTH_DAEMON_FILE, else daemon.endpoint in $BERTH_ROOT or /var/lib/berth.
   */
  public static Path file(Map<String, String> env) {
    String explicit = env.get(FILE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    String root = env.get("BERTH_ROOT");
    return Path.of(root == null || root.isBlank() ? "/var/lib/berth" : root)
        .toAbsolutePath()
        .resolve(FILE_NAME);
  }

  /**
   * Writes this endpoint to {@code file}: created {@code 0600} under a temporary name, then renamed
   * into place, so that the keys are never readable by anyone else, not even for a moment.
   */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = parent.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(temporary);
    Files.createFile(
        temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temporary, format(), StandardCharsets.US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /** The file's text. */
  String format() {
    return "port="
        + port
        + "\nclient-key="
        + hex(clientKey)
        + "\ndaemon-key="
        + hex(daemonKey)
        + "\n";
  }

  /**
   * Reads an endpoint file.
   *
   * @throws IOException when it cannot be read or is not an endpoint file
   */
  public static DaemonEndpoint read(Path file) throws IOException {
    return parse(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII), file);
  }

  static DaemonEndpoint parse(String text, Path file) throws IOException {
    int port = -1;
    byte[] client = null;
    byte[] daemon = null;
    for (String line : text.split("\n")) {
      int equals = line.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = line.substring(0, equals);
      String value = line.substring(equals + 1).trim();
      switch (key) {
        case "port" -> port = number(value, file);
        case "client-key" -> client = unhex(value, file);
        case "daemon-key" -> daemon = unhex(value, file);
        default -> {
          // a later version's field: ignored
        }
      }
    }
    if (port < 1 || port > 65535 || client == null || daemon == null) {
      throw new IOException(file + " is not a berth daemon endpoint file");
    }
    return new DaemonEndpoint(port, client, daemon);
  }

  /** Whether {@code presented}, in hex digits, is the client key, compared in constant time. */
  public boolean isClientKey(String presented) {
    return equalKeys(clientKey, unhex(presented));
  }

  /** Whether {@code presented}, in hex digits, is the daemon key, compared in constant time. */
  public boolean isDaemonKey(String presented) {
    return equalKeys(daemonKey, unhex(presented));
  }

  /** The daemon key in hex digits, as the daemon's hello carries it. */
  public String daemonKeyHex() {
    return hex(daemonKey);
  }

  /** The client key in hex digits, as the client's {@code AUTH} line carries it. */
  public String clientKeyHex() {
    return hex(clientKey);
  }

  @Override
  public byte[] clientKey() {
    return clientKey.clone();
  }

  @Override
  public byte[] daemonKey() {
    return daemonKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DaemonEndpoint that
        && port == that.port
        && equalKeys(clientKey, that.clientKey)
        && equalKeys(daemonKey, that.daemonKey);
  }

  @Override
  public int hashCode() {
    return port;
  }

  @Override
  public String toString() {
    return "127.0.0.1:" + port; // never the keys: they end up in logs
  }

  /**
   * Constant time (no early exit), so that a wrong key's timing tells nothing about the right one.
   */
  private static boolean equalKeys(byte[] expected, byte[] presented) {
    if (presented == null || presented.length != expected.length) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < expected.length; i++) {
      difference |= expected[i] ^ presented[i];
    }
    return difference == 0;
  }

  private static int number(String value, Path file) throws IOException {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": port is not a number: " + value, e);
    }
  }

  private static String hex(byte[] bytes) {
    char[] digits = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      digits[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
      digits[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
    }
    return new String(digits);
  }

  private static byte[] unhex(String value, Path file) throws IOException {
    byte[] bytes = unhex(value);
    if (bytes == null) {
      throw new IOException(file + ": a key must be " + KEY_BYTES * 2 + " hex digits");
    }
    return bytes;
  }

  /** The key {@code value} spells in hex digits; null if it is not a key. */
  private static byte[] unhex(String value) {
    if (value.length() != KEY_BYTES * 2) {
      return null;
    }
    byte[] bytes = new byte[KEY_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(value.charAt(2 * i), 16);
      int low = Character.digit(value.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return bytes;
  }
}
