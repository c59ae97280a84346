package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManifestBodyBudgetTest {
  @Test
  void smallBodiesShareTheBudgetAndGiveItBack() {
    ManifestBodyBudget budget = new ManifestBodyBudget(100, Duration.ofMillis(50));
    try (ManifestBodyBudget.Share a = budget.reserve(30);
        ManifestBodyBudget.Share b = budget.reserve(30);
        ManifestBodyBudget.Share c = budget.reserve(30)) {
      assertThat(budget.available()).isEqualTo(10);
    }
    assertThat(budget.available()).isEqualTo(100);
  }

  @Test
  void aBodyOfUnknownLengthTakesTheWholeBudget() {
    ManifestBodyBudget budget = new ManifestBodyBudget(100, Duration.ofMillis(50));
    try (ManifestBodyBudget.Share share = budget.reserve(-1)) {
      assertThat(budget.available()).isZero();
    }
    assertThat(budget.available()).isEqualTo(100);
  }

  @Test
  void aLargeBodyWaitsForTheOnesBeforeIt() throws Exception {
    ManifestBodyBudget budget = new ManifestBodyBudget(100, Duration.ofSeconds(10));
    ManifestBodyBudget.Share first = budget.reserve(80);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Integer> second =
        CompletableFuture.supplyAsync(
            () -> {
              started.countDown();
              try (ManifestBodyBudget.Share share = budget.reserve(50)) {
                return budget.available();
              }
            });
    started.await();
    Thread.sleep(200);
    assertThat(second).isNotDone();
    first.close();
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(50);
    assertThat(budget.available()).isEqualTo(100);
  }

  @Test
  void aPushThatWaitsTooLongIsAskedToComeBack() {
    ManifestBodyBudget budget = new ManifestBodyBudget(100, Duration.ofMillis(50));
    try (ManifestBodyBudget.Share held = budget.reserve(4 * 1024 * 1024)) {
      assertThatThrownBy(() -> budget.reserve(1))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS);
                assertThat(e.code().status()).isEqualTo(429);
                assertThat(e.headers()).containsEntry("Retry-After", "5");
              });
    }
    assertThat(budget.available()).isEqualTo(100);
  }
}
