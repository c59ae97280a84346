package dev.berth.agent.runtime;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Optional timing marks of one command, for the run benchmark: with {@code BERTH_TIMING} set in the
 * caller's environment, each step of a run is recorded with the milliseconds since the request was
 * received, and all of them are printed once at the end. Recording only a name and a clock reading
 * (no formatting or printing while the container starts) keeps the measurement from slowing down
 * what it measures, and works on the launch thread after {@code pivot_root}, where no new class can
 * be loaded.
 */
public final class Timing {
  /** Records nothing. */
  public static final Timing OFF = new Timing(false, 0);

  /** The environment variable that turns timing on. */
  public static final String ENV = "BERTH_TIMING";

  private final boolean enabled;
  private final long startNanos;
  private final List<Mark> marks = new ArrayList<>();

  /** A step reached {@code nanos} ({@link System#nanoTime()}); a null step is the latency. */
  private record Mark(String step, long nanos) {}

  private Timing(boolean enabled, long startNanos) {
    this.enabled = enabled;
    this.startNanos = startNanos;
  }

  /** Timing of a request received at {@code startNanos} ({@link System#nanoTime()}). */
  public static Timing of(Map<String, String> env, long startNanos) {
    return env.get(ENV) == null ? OFF : new Timing(true, startNanos);
  }

  public boolean enabled() {
    return enabled;
  }

  /** Records that a step was reached now. */
  public void mark(String what) {
    if (enabled) {
      add(new Mark(what, System.nanoTime()));
    }
  }

  /** Records the launch latency: the request to the container's exit at {@code exitedNanos}. */
  void latency(long exitedNanos) {
    if (enabled) {
      add(new Mark(null, exitedNanos));
    }
  }

  /** Prints what was recorded so far, and forgets it. */
  public void report(PrintWriter out) {
    if (!enabled) {
      return;
    }
    List<Mark> recorded;
    synchronized (marks) {
      recorded = new ArrayList<>(marks);
      marks.clear();
    }
    for (Mark mark : recorded) {
      double millis = (mark.nanos() - startNanos) / 1e6;
      out.println(
          mark.step() == null
              ? String.format(
                  Locale.ROOT,
                  "berth: launch latency %.2f ms (run request to container exit)",
                  millis)
              : String.format(
                  Locale.ROOT, "berth: %8.2f ms after the request: %s", millis, mark.step()));
    }
    out.flush();
  }

  private void add(Mark mark) {
    synchronized (marks) {
      marks.add(mark);
    }
  }
}
