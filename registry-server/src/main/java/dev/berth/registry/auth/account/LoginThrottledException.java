package dev.berth.registry.auth.account;

import java.time.Duration;

/** Too many failed logins for this account or from this address: try again after a delay. */
public class LoginThrottledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public LoginThrottledException(Duration retryAfter) {
    super("too many failed logins; retry in " + Math.max(1, retryAfter.toSeconds()) + "s");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds to wait, at least one. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
