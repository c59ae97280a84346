package dev.berth.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A container's output in the CRI log format podman's {@code k8s-file} driver also writes: one
 * entry per line, {@code TIMESTAMP STREAM F|P TEXT}, where {@code P} marks a partial line (output
 * that did not end in a newline). Both streams go to one file in arrival order, so {@code logs} can
 * interleave them as they happened.
 *
 * @see <a
 *     href="https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md">CRI
 *     logging</a>
 */
public final class ContainerLog {
  /** The two output streams. */
  public enum Stream {
    STDOUT,
    STDERR;

    String tag() {
      return this == STDOUT ? "stdout" : "stderr";
    }
  }

  /** One entry: text without its newline; {@code partial} when the line did not end. */
  public record Entry(Instant time, Stream stream, boolean partial, String text) {}

  private ContainerLog() {}

  /** Appends raw output to a log file, splitting it into entries. Thread-safe. */
  public static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private final StringBuilder[] pending = {new StringBuilder(), new StringBuilder()};

    public Writer(Path file) {
      try {
        this.out =
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open log " + file, e);
      }
    }

    /** Records a chunk of output; complete lines are written at once, the rest when it ends. */
    public synchronized void append(Stream stream, byte[] buffer, int length) {
      StringBuilder line = pending[stream.ordinal()];
      line.append(new String(buffer, 0, length, StandardCharsets.UTF_8));
      int newline;
      StringBuilder entries = new StringBuilder();
      String now = Instant.now().toString();
      while ((newline = line.indexOf("\n")) >= 0) {
        entries.append(now).append(' ').append(stream.tag()).append(" F ");
        entries.append(line, 0, newline).append('\n');
        line.delete(0, newline + 1);
      }
      write(entries);
    }

    /** Writes what is left of each stream as partial lines. */
    @Override
    public synchronized void close() {
      StringBuilder entries = new StringBuilder();
      for (Stream stream : Stream.values()) {
        StringBuilder line = pending[stream.ordinal()];
        if (line.length() > 0) {
          entries.append(Instant.now()).append(' ').append(stream.tag()).append(" P ");
          entries.append(line).append('\n');
          line.setLength(0);
        }
      }
      write(entries);
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void write(StringBuilder entries) {
      if (entries.length() == 0) {
        return;
      }
      try {
        out.write(entries.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write log", e);
      }
    }
  }

  /** Parses one line of a log file; null when it is not a log entry. */
  public static Entry parse(String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3) {
      return null;
    }
    Stream stream =
        switch (parts[1]) {
          case "stdout" -> Stream.STDOUT;
          case "stderr" -> Stream.STDERR;
          default -> null;
        };
    if (stream == null || !(parts[2].equals("F") || parts[2].equals("P"))) {
      return null;
    }
    try {
      return new Entry(
          Instant.parse(parts[0]), stream, parts[2].equals("P"), parts.length == 4 ? parts[3] : "");
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The last {@code tail} entries of a log (all when negative). */
  public static List<Entry> read(Path file, int tail) {
    if (!Files.exists(file)) {
      return List.of();
    }
    Deque<Entry> entries = new ArrayDeque<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        Entry entry = parse(line);
        if (entry != null) {
          entries.addLast(entry);
          if (tail >= 0 && entries.size() > tail) {
            entries.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log " + file, e);
    }
    return new ArrayList<>(entries);
  }

  /** Prints an entry to the stream it came from. */
  public static void print(Entry entry, OutputStream stdout, OutputStream stderr) {
    OutputStream target = entry.stream() == Stream.STDOUT ? stdout : stderr;
    try {
      target.write(
          (entry.partial() ? entry.text() : entry.text() + "\n").getBytes(StandardCharsets.UTF_8));
      target.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
