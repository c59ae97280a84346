package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The last flush at shutdown never holds the registry's stop for long. */
class PullRecorderShutdownTest {
  @Test
  void aDatabaseThatDoesNotAnswer_isGivenUpOnAfterTheWait() throws InterruptedException {
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    PullRecorder recorder =
        new PullRecorder(null, null) {
          @Override
          public synchronized int flush() {
            entered.countDown();
            try {
              released.await(); // a pool waiting for a connection to a stopped database
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return 0;
          }
        };

    boolean finished = recorder.flushWithin(Duration.ofMillis(200));

    assertThat(entered.await(10, TimeUnit.SECONDS)).as("the flush ran").isTrue();
    assertThat(finished).isFalse();
    assertThat(released.getCount()).as("the flush is still blocked").isEqualTo(1);
    released.countDown();
  }

  @Test
  void aFlushThatCompletes_isWaitedFor() {
    CountDownLatch flushed = new CountDownLatch(1);
    PullRecorder recorder =
        new PullRecorder(null, null) {
          @Override
          public synchronized int flush() {
            flushed.countDown();
            return 3;
          }
        };

    assertThat(recorder.flushWithin(Duration.ofSeconds(30))).isTrue();
    assertThat(flushed.getCount()).isZero();
  }
}
