package dev.berth.registry.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the process's address space, as {@code /proc/self/smaps} describes it.
 *
 * @param offset where in its file the mapping starts
 * @param writtenKib kibibytes of the mapping that only this process's memory holds: pages written
 *     (private or shared dirty), copied on write ({@code Anonymous}) or swapped out
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_smaps.5.html">proc_pid_smaps(5)</a>
 */
record MemoryMapping(
    long start,
    long end,
    String permissions,
    long offset,
    String path,
    long residentKib,
    long writtenKib) {
  private static final Pattern HEADER =
      Pattern.compile("([0-9a-f]+)-([0-9a-f]+) (\\S{4}) ([0-9a-f]+) \\S+ \\S+\\s*(.*)");

  long bytes() {
    return end - start;
  }

  /**
   * Whether every page of this mapping can be dropped and read again from its file: the mapping is
   * of a file, the process may not write to it, and nothing in it was ever written.
   */
  boolean isCleanFile() {
    return path.startsWith("/") && permissions.indexOf('w') < 0 && writtenKib == 0;
  }

  /** The mappings that {@code /proc/self/smaps} lists in {@code lines}. */
  static List<MemoryMapping> parseSmaps(List<String> lines) {
    List<MemoryMapping> mappings = new ArrayList<>();
    Matcher header = null;
    long resident = 0;
    long written = 0;
    for (String line : lines) {
      Matcher next = HEADER.matcher(line);
      if (next.matches()) {
        if (header != null) {
          mappings.add(of(header, resident, written));
        }
        header = next;
        resident = 0;
        written = 0;
        continue;
      }
      int colon = line.indexOf(':');
      if (header == null || colon < 0) {
        continue;
      }
      switch (line.substring(0, colon)) {
        case "Rss" -> resident = kibibytes(line, colon);
        case "Private_Dirty", "Shared_Dirty", "Anonymous", "Swap" ->
            written += kibibytes(line, colon);
        default -> {}
      }
    }
    if (header != null) {
      mappings.add(of(header, resident, written));
    }
    return mappings;
  }

  private static MemoryMapping of(Matcher header, long resident, long written) {
    return new MemoryMapping(
        Long.parseUnsignedLong(header.group(1), 16),
        Long.parseUnsignedLong(header.group(2), 16),
        header.group(3),
        Long.parseUnsignedLong(header.group(4), 16),
        header.group(5),
        resident,
        written);
  }

  private static long kibibytes(String line, int colon) {
    String value = line.substring(colon + 1).trim();
    int unit = value.indexOf(' ');
    return Long.parseLong(unit < 0 ? value : value.substring(0, unit));
  }
}
