package dev.berth.agent.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * Signal names and numbers as {@code kill -s} takes them ({@code TERM}, {@code SIGTERM} or {@code
 * 15}), for the Linux architectures the agent runs on.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/signal.7.html">signal(7)</a>
 */
public final class Signals {
  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("TRAP", 5),
          Map.entry("ABRT", 6),
          Map.entry("BUS", 7),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15),
          Map.entry("CHLD", 17),
          Map.entry("CONT", 18),
          Map.entry("STOP", 19),
          Map.entry("TSTP", 20),
          Map.entry("TTIN", 21),
          Map.entry("TTOU", 22),
          Map.entry("URG", 23),
          Map.entry("XCPU", 24),
          Map.entry("XFSZ", 25),
          Map.entry("VTALRM", 26),
          Map.entry("PROF", 27),
          Map.entry("WINCH", 28),
          Map.entry("IO", 29),
          Map.entry("PWR", 30),
          Map.entry("SYS", 31));

  private Signals() {}

  /** The number of a signal given by name (with or without {@code SIG}) or number. */
  public static int parse(String text) {
    String value = text.trim().toUpperCase(Locale.ROOT);
    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
      int number = Integer.parseInt(value);
      if (number < 1 || number > 64) {
        throw new IllegalArgumentException("invalid signal number " + text);
      }
      return number;
    }
    Integer number = NUMBERS.get(value.startsWith("SIG") ? value.substring(3) : value);
    if (number == null) {
      throw new IllegalArgumentException("invalid signal " + text);
    }
    return number;
  }
}
