package dev.berth.registry.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle =
      new LoginThrottle(
          new AuthProperties.Throttle(
              2, 4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(15)),
          clock);

  @Test
  void wait_zeroWithinFreeFailures() {
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.wait("alice", "10.0.0.1")).isZero();
  }

  @Test
  void wait_doublesPerFailureAndIsCapped() {
    for (int i = 0; i < 2; i++) {
      throttle.failed("alice", "10.0.0.1");
    }
    assertThat(throttle.wait("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.wait("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) {
      throttle.failed("alice", "10.0.0.1");
    }
    assertThat(throttle.wait("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(8));
    clock.advance(Duration.ofSeconds(8));
    assertThat(throttle.wait("alice", "10.0.0.9")).isZero();
  }

  @Test
  void wait_perAddressAcrossAccounts() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("user" + i, "10.0.0.1");
    }
    assertThat(throttle.wait("someone-else", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("someone-else", "10.0.0.2")).isZero();
  }

  @Test
  void succeeded_forgetsTheAccount() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("alice", "10.0.0.1");
    }
    throttle.succeeded("alice");
    assertThat(throttle.wait("alice", "10.0.0.2")).isZero();
  }

  @Test
  void wait_failuresAreForgottenAfterAWhile() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("alice", "10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(16));
    assertThat(throttle.wait("alice", "10.0.0.1")).isZero();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
