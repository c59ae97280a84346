package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits a container runs under; zero means unlimited.
 *
 * @param memoryBytes memory limit in bytes ({@code -m})
 * @param nanoCpus CPU quota in billionths of a CPU ({@code --cpus 1.5} is 1500000000)
 * @param pidsLimit the most tasks the container may have ({@code --pids-limit})
 */
public record Resources(
    @JsonProperty("Memory") long memoryBytes,
    @JsonProperty("NanoCpus") long nanoCpus,
    @JsonProperty("PidsLimit") long pidsLimit) {
  /** The CFS period the quota is expressed in, as runc and podman use. */
  public static final long CPU_PERIOD_MICROS = 100_000;

  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)([bkmg]?)b?");

  public static final Resources UNLIMITED = new Resources(0, 0, 0);

  public Resources {
    if (memoryBytes < 0 || nanoCpus < 0 || pidsLimit < 0) {
      throw new IllegalArgumentException("resource limits must not be negative");
    }
  }

  /** The CFS quota per period, in microseconds, or 0 when unlimited. */
  public long cpuQuotaMicros() {
    return nanoCpus == 0 ? 0 : Math.max(1000, nanoCpus * CPU_PERIOD_MICROS / 1_000_000_000L);
  }

  /**
   * Parses a memory size as podman does: a number with an optional unit {@code b, k, m, g} (powers
   * of 1024), such as {@code 512m}.
   */
  public static long parseMemory(String text) {
    Matcher m = MEMORY.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid memory size " + text + " (expected e.g. 512m)");
    }
    long multiplier =
        switch (m.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          default -> 1;
        };
    long bytes = (long) (Double.parseDouble(m.group(1)) * multiplier);
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory size must be positive: " + text);
    }
    return bytes;
  }

  /** Parses {@code --cpus 1.5} into billionths of a CPU. */
  public static long parseCpus(String text) {
    try {
      double cpus = Double.parseDouble(text.trim());
      if (cpus <= 0 || Double.isNaN(cpus) || Double.isInfinite(cpus)) {
        throw new NumberFormatException();
      }
      return Math.round(cpus * 1e9);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid --cpus " + text + " (expected e.g. 0.5)");
    }
  }
}
