package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobStorage;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A garbage-collection run that takes long (here: stuck deleting a file) does not hold up the other
 * scheduled work, such as the flushes of the bounded audit queue: they run on other threads.
 */
@Import(SchedulingIT.Ticker.class)
class SchedulingIT extends ApiTestSupport {
  /** Stands for the registry's own short, frequent scheduled work. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Ticker {
    final AtomicInteger ticks = new AtomicInteger();

    @Scheduled(fixedDelay = 50)
    void tick() {
      ticks.incrementAndGet();
    }
  }

  @MockitoSpyBean BlobStorage storage;
  @Autowired Ticker ticker;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registerCommon(registry);
    registry.add("berth.gc.interval", () -> "1s");
    registry.add("berth.gc.grace", () -> "0s");
    registry.add("berth.gc.link-grace", () -> "0s");
  }

  @Test
  void aLongGarbageCollectionRun_leavesTheOtherScheduledWorkRunning() throws Exception {
    CountDownLatch deleting = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    doAnswer(
            call -> {
              deleting.countDown();
              assertThat(resume.await(30, TimeUnit.SECONDS)).isTrue();
              return call.callRealMethod();
            })
        .when(storage)
        .delete(any());
    try {
      Digest digest = client.pushBlob(repo, utf8("collected slowly " + UUID.randomUUID()));
      assertThat(client.delete("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(202);
      assertThat(deleting.await(30, TimeUnit.SECONDS)).as("a run is deleting the blob").isTrue();

      int before = ticker.ticks.get();
      Thread.sleep(500);

      assertThat(ticker.ticks.get() - before).as("ticks during the stuck run").isGreaterThan(3);
    } finally {
      resume.countDown();
    }
  }
}
