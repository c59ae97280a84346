package dev.berth.registry.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable byte range of a blob, from an HTTP {@code Range} header.
 *
 * @param start first byte, inclusive
 * @param end last byte, inclusive
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#name-range-requests">RFC 9110 range
 *     requests</a>
 */
record ByteRange(long start, long end) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() {
    return end - start + 1;
  }

  /**
   * Parses a {@code Range} header for a blob of {@code size} bytes.
   *
   * @return empty for no header or a form this server answers with the whole blob (several ranges,
   *     other units)
   * @throws Unsatisfiable when the range is malformed or lies outside the blob
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (!value.startsWith("bytes=") || value.indexOf(',') >= 0) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(value);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw new Unsatisfiable();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
      if (start >= size || end < start) {
        throw new Unsatisfiable();
      }
      return Optional.of(new ByteRange(start, Math.min(end, size - 1)));
    } catch (NumberFormatException tooLong) {
      throw new Unsatisfiable();
    }
  }

  /** The requested range cannot be served for this blob. */
  static final class Unsatisfiable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsatisfiable() {
      super("range not satisfiable", null, false, false);
    }
  }
}
