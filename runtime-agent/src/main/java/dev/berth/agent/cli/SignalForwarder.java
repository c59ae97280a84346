package dev.berth.agent.cli;

import dev.berth.agent.linux.LinuxKernel;

/**
 * Passes the signals the caller sends during a foreground {@code run} on to the container process.
 * A signal that arrives before the process's PID is known (the container may already be printing
 * while the agent records its start) is held and delivered as soon as it is, so none is lost.
 */
final class SignalForwarder {
  private int pid;
  private int pending;

  private SignalForwarder() {}

  /**
   * Takes the caller's signals from now on: this process's own (INT, TERM, HUP, USR1), or, in the
   * daemon, those the client passes on.
   */
  static SignalForwarder from(Invocation invocation) {
    SignalForwarder forwarder = new SignalForwarder();
    invocation.forwardSignals(forwarder::received);
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
