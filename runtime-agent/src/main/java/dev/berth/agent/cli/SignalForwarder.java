package dev.berth.agent.cli;

import dev.berth.agent.linux.LinuxKernel;
import dev.berth.agent.runtime.Signals;
import java.util.List;

/**
 * Passes the signals the agent receives during a foreground {@code run} on to the container
 * process. A signal that arrives before the process's PID is known (the container may already be
 * printing while the agent records its start) is held and delivered as soon as it is, so none is
 * lost.
 */
final class SignalForwarder {
  private int pid;
  private int pending;

  private SignalForwarder() {}

  /** Catches {@code names} (as {@code TERM}, {@code INT}…) from now on. */
  @SuppressWarnings("removal") // sun.misc.Signal: the JDK's only way to catch SIGTERM/SIGINT
  static SignalForwarder install(List<String> names) {
    SignalForwarder forwarder = new SignalForwarder();
    for (String name : names) {
      int number = Signals.parse(name);
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> forwarder.received(number));
      } catch (IllegalArgumentException reservedByTheJvm) {
        // not forwardable here
      }
    }
    return forwarder;
  }

  /** The container process is running as {@code pid}: deliver what was held for it. */
  void target(int pid) {
    int held;
    synchronized (this) {
      this.pid = pid;
      held = pending;
      pending = 0;
    }
    if (held != 0) {
      deliver(pid, held);
    }
  }

  private void received(int signal) {
    int target;
    synchronized (this) {
      target = pid;
      if (target <= 0) {
        pending = signal;
        return;
      }
    }
    deliver(target, signal);
  }

  private static void deliver(int pid, int signal) {
    try {
      LinuxKernel.instance().kill(pid, signal);
    } catch (RuntimeException gone) {
      // it has just exited
    }
  }
}
