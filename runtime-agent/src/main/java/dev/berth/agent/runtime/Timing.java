package dev.berth.agent.runtime;

import java.lang.management.ManagementFactory;

/**
 * Optional timing marks on stderr, for the run benchmark: set {@code BERTH_TIMING} to see how long
 * after the JVM started each step of a run was reached.
 */
public final class Timing {
  /** Whether {@code BERTH_TIMING} is set. */
  public static final boolean ENABLED = System.getenv("BERTH_TIMING") != null;

  private Timing() {}

  /** Prints the milliseconds since the JVM started, and what was reached. */
  public static void mark(String what) {
    if (ENABLED) {
      long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
      System.err.printf("berth: %6d ms after JVM start: %s%n", uptime, what);
    }
  }
}
