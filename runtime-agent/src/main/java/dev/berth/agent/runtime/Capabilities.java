package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Linux capabilities by name and the default set a container keeps: podman's default list (the
 * containers-common {@code default_capabilities}), which is Docker's without AUDIT_WRITE, MKNOD and
 * NET_RAW.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/capabilities.7.html">capabilities(7)</a>
 * @see <a
 *     href="https://github.com/containers/common/blob/main/docs/containers.conf.5.md">containers.conf
 *     default_capabilities</a>
 */
public final class Capabilities {
  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("CAP_CHOWN", 0),
          Map.entry("CAP_DAC_OVERRIDE", 1),
          Map.entry("CAP_DAC_READ_SEARCH", 2),
          Map.entry("CAP_FOWNER", 3),
          Map.entry("CAP_FSETID", 4),
          Map.entry("CAP_KILL", 5),
          Map.entry("CAP_SETGID", 6),
          Map.entry("CAP_SETUID", 7),
          Map.entry("CAP_SETPCAP", 8),
          Map.entry("CAP_LINUX_IMMUTABLE", 9),
          Map.entry("CAP_NET_BIND_SERVICE", 10),
          Map.entry("CAP_NET_BROADCAST", 11),
          Map.entry("CAP_NET_ADMIN", 12),
          Map.entry("CAP_NET_RAW", 13),
          Map.entry("CAP_IPC_LOCK", 14),
          Map.entry("CAP_IPC_OWNER", 15),
          Map.entry("CAP_SYS_MODULE", 16),
          Map.entry("CAP_SYS_RAWIO", 17),
          Map.entry("CAP_SYS_CHROOT", 18),
          Map.entry("CAP_SYS_PTRACE", 19),
          Map.entry("CAP_SYS_PACCT", 20),
          Map.entry("CAP_SYS_ADMIN", 21),
          Map.entry("CAP_SYS_BOOT", 22),
          Map.entry("CAP_SYS_NICE", 23),
          Map.entry("CAP_SYS_RESOURCE", 24),
          Map.entry("CAP_SYS_TIME", 25),
          Map.entry("CAP_SYS_TTY_CONFIG", 26),
          Map.entry("CAP_MKNOD", 27),
          Map.entry("CAP_LEASE", 28),
          Map.entry("CAP_AUDIT_WRITE", 29),
          Map.entry("CAP_AUDIT_CONTROL", 30),
          Map.entry("CAP_SETFCAP", 31),
          Map.entry("CAP_MAC_OVERRIDE", 32),
          Map.entry("CAP_MAC_ADMIN", 33),
          Map.entry("CAP_SYSLOG", 34),
          Map.entry("CAP_WAKE_ALARM", 35),
          Map.entry("CAP_BLOCK_SUSPEND", 36),
          Map.entry("CAP_AUDIT_READ", 37),
          Map.entry("CAP_PERFMON", 38),
          Map.entry("CAP_BPF", 39),
          Map.entry("CAP_CHECKPOINT_RESTORE", 40));

  /** What a container keeps unless told otherwise. */
  public static final Set<String> DEFAULT =
      Collections.unmodifiableSet(
          new TreeSet<>(
              List.of(
                  "CAP_CHOWN",
                  "CAP_DAC_OVERRIDE",
                  "CAP_FOWNER",
                  "CAP_FSETID",
                  "CAP_KILL",
                  "CAP_NET_BIND_SERVICE",
                  "CAP_SETFCAP",
                  "CAP_SETGID",
                  "CAP_SETPCAP",
                  "CAP_SETUID",
                  "CAP_SYS_CHROOT")));

  private Capabilities() {}

  /** {@code CHOWN} or {@code cap_chown} as {@code CAP_CHOWN}; rejects unknown names. */
  public static String canonical(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    if (!NUMBERS.containsKey(full)) {
      throw new IllegalArgumentException("unknown capability " + name);
    }
    return full;
  }

  /** The bit mask of a set of capability names, as capset(2) and /proc/PID/status show it. */
  public static long mask(Set<String> names) {
    long mask = 0;
    for (String name : names) {
      mask |= 1L << NUMBERS.get(canonical(name));
    }
    return mask;
  }

  /** The names in a mask, sorted by number; unknown bits print as numbers. */
  public static List<String> names(long mask) {
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        int number = bit;
        names.add(
            NUMBERS.entrySet().stream()
                .filter(e -> e.getValue() == number)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(Integer.toString(bit)));
      }
    }
    return names;
  }
}
