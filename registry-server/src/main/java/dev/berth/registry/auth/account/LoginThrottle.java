package dev.berth.registry.auth.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.auth.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down password guessing: after a few failures for one account name, or from one client
 * address, each further attempt must wait a delay that doubles with every failure. An attempt made
 * too early is refused without checking the password, so guessing costs the server nothing and no
 * request thread sleeps.
 */
public class LoginThrottle {
  private final AuthProperties.Throttle settings;
  private final Clock clock;
  private final Cache<String, Failures> failures;

  public LoginThrottle(AuthProperties.Throttle settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(settings.forgetAfter().plus(settings.maxDelay()))
            .build();
  }

  /** How long the caller must still wait before trying this account from this address. */
  public Duration wait(String username, String address) {
    Duration byAccount =
        remaining(failures.getIfPresent(accountKey(username)), settings.freeFailures());
    Duration byAddress =
        remaining(failures.getIfPresent(addressKey(address)), settings.freeFailuresPerAddress());
    return byAccount.compareTo(byAddress) >= 0 ? byAccount : byAddress;
  }

  /** Counts a failed attempt against both the account name and the address. */
  public void failed(String username, String address) {
    Instant now = clock.instant();
    failures.asMap().merge(accountKey(username), new Failures(1, now), (a, b) -> a.next(now));
    failures.asMap().merge(addressKey(address), new Failures(1, now), (a, b) -> a.next(now));
  }

  /** Forgets the account's failures after a successful login. */
  public void succeeded(String username) {
    failures.invalidate(accountKey(username));
  }

  private Duration remaining(Failures recorded, int free) {
    if (recorded == null) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    if (recorded.last().plus(settings.forgetAfter()).isBefore(now)) {
      return Duration.ZERO;
    }
    int over = recorded.count() - free + 1;
    if (over <= 0) {
      return Duration.ZERO;
    }
    Duration delay = settings.baseDelay().multipliedBy(1L << Math.min(over - 1, 20));
    if (delay.compareTo(settings.maxDelay()) > 0) {
      delay = settings.maxDelay();
    }
    Duration left = Duration.between(now, recorded.last().plus(delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static String accountKey(String username) {
    return "account:" + username;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }

  private record Failures(int count, Instant last) {
    Failures next(Instant now) {
      return new Failures(count + 1, now);
    }
  }
}
