package dev.berth.agent.runtime;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;

/**
 * Platform threads that each run one task and then end, so that the namespaces, root and
 * credentials a task changes on its thread die with it (a container's launch thread unshares and
 * pivots itself). A resident daemon keeps a few such threads started ahead, parked until a task
 * comes, and starts a replacement off the launch path: on a busy machine starting a thread (stack,
 * clone, the JVM's bookkeeping, waiting to be scheduled) took 1–3 ms of every launch.
 */
public abstract sealed class FreshThreads {
  private FreshThreads() {}

  /** Starts {@code task} on a thread of its own, named {@code name}, and returns at once. */
  public abstract void start(String name, Runnable task);

  /** A new thread per task: for a process that launches one container and exits. */
  public static FreshThreads perTask() {
    return PerTask.INSTANCE;
  }

  /**
   * Threads started ahead: {@code spares} wait parked; each one taken is replaced by a thread that
   * {@code starter} starts.
   */
  public static FreshThreads startedAhead(int spares, Executor starter) {
    return new StartedAhead(spares, starter);
  }

  private static final class PerTask extends FreshThreads {
    static final PerTask INSTANCE = new PerTask();

    @Override
    public void start(String name, Runnable task) {
      DaemonThreads.create(name, task).start();
    }
  }

  private static final class StartedAhead extends FreshThreads {
    private final SynchronousQueue<Runnable> handOff = new SynchronousQueue<>();
    private final Executor starter;

    StartedAhead(int spares, Executor starter) {
      this.starter = starter;
      for (int i = 0; i < spares; i++) {
        startSpare();
      }
    }

    @Override
    public void start(String name, Runnable task) {
      Runnable named =
          () -> {
            Thread.currentThread().setName(name);
            task.run();
          };
      if (handOff.offer(named)) {
        starter.execute(this::startSpare);
      } else {
        DaemonThreads.create(name, task)
            .start(); // all spares taken (launches at once): start one now
      }
    }

    private void startSpare() {
      DaemonThreads.create(
              "berth-spare",
              () -> {
                try {
                  handOff.take().run(); // exactly one task, then the thread ends
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              })
          .start();
    }
  }
}
