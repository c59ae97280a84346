package dev.berth.agent.runtime;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads (they never keep the JVM alive), alone or as a pool's factory. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A daemon thread named {@code name} that runs {@code task}, not yet started. */
  public static Thread create(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A factory of daemon threads named {@code name}, for an executor. */
  public static ThreadFactory named(String name) {
    return task -> create(name, task);
  }
}
