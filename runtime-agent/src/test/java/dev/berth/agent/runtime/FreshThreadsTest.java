package dev.berth.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every task gets a thread of its own that ends with it, whether started ahead or not. */
class FreshThreadsTest {
  @Test
  void perTask_runsEachTaskOnANewNamedThreadThatEnds() throws Exception {
    assertEachTaskOwnsItsThread(FreshThreads.perTask(), 5);
  }

  @Test
  void startedAhead_handsEachTaskASpareThatEnds_andReplacesIt() throws Exception {
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      FreshThreads threads = FreshThreads.startedAhead(2, starter);
      assertEachTaskOwnsItsThread(threads, 20);
    } finally {
      starter.shutdownNow();
    }
  }

  @Test
  void startedAhead_moreTasksAtOnceThanSpares_allRun() throws Exception {
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      FreshThreads threads = FreshThreads.startedAhead(1, starter);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch running = new CountDownLatch(4);
      Set<Thread> seen = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 4; i++) {
        threads.start(
            "busy-" + i,
            () -> {
              seen.add(Thread.currentThread());
              running.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).as("four tasks run at once").isTrue();
      assertThat(seen).hasSize(4);
      release.countDown();
    } finally {
      starter.shutdownNow();
    }
  }

  private static void assertEachTaskOwnsItsThread(FreshThreads threads, int tasks)
      throws Exception {
    List<Thread> used = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      CountDownLatch done = new CountDownLatch(1);
      Thread[] ran = new Thread[1];
      String[] name = new String[1];
      threads.start(
          "task-" + i,
          () -> {
            ran[0] = Thread.currentThread();
            name[0] = Thread.currentThread().getName();
            done.countDown();
          });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(name[0]).isEqualTo("task-" + i);
      assertThat(ran[0]).isNotSameAs(Thread.currentThread());
      used.add(ran[0]);
    }
    for (Thread thread : used) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as("a thread serves one task, then ends").isFalse();
    }
    assertThat(Set.copyOf(used)).hasSize(tasks);
  }
}
