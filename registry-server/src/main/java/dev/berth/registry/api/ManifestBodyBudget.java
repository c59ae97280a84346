package dev.berth.registry.api;

import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bounds the manifest bodies that pushes hold in memory at once. A manifest is read whole and
 * parsed into a tree that takes four to five times its size in the heap (a 4 MiB manifest of 27,000
 * layers, about 15 MiB), so a handful of large pushes at once would exhaust it. Pushes share a
 * budget of {@code berth.manifest-max-bytes} bytes: each takes its declared length (the limit when
 * it declares none), small manifests go together, large ones take turns in order. A push that has
 * waited {@link #MAX_WAIT_SECONDS} for its turn is answered 429 {@code TOOMANYREQUESTS}, and the
 * client may try again.
 */
@Component
class ManifestBodyBudget {
  /** The longest a push waits for room before it is refused. */
  static final long MAX_WAIT_SECONDS = 60;

  private final int budget;
  private final Duration maxWait;
  private final Semaphore bytes;

  @Autowired
  ManifestBodyBudget(RegistryProperties properties) {
    this(properties.manifestMaxBytes(), Duration.ofSeconds(MAX_WAIT_SECONDS));
  }

  ManifestBodyBudget(long budgetBytes, Duration maxWait) {
    this.budget = (int) Math.min(Integer.MAX_VALUE, budgetBytes);
    this.maxWait = maxWait;
    this.bytes = new Semaphore(budget, true);
  }

  /** A share of the budget, held while a body is read and processed. */
  interface Share extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes room for a body of {@code declaredLength} bytes (negative: not declared), waiting for it
   * when other pushes hold the budget.
   */
  Share reserve(long declaredLength) {
    int wanted = declaredLength < 0 ? budget : (int) Math.max(1, Math.min(budget, declaredLength));
    boolean granted;
    try {
      granted = bytes.tryAcquire(wanted, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      granted = false;
    }
    if (!granted) {
      throw new RegistryException(
          ErrorCode.TOOMANYREQUESTS,
          "too many manifests are being pushed at once; try again",
          null,
          Map.of("Retry-After", "5"));
    }
    return () -> bytes.release(wanted);
  }

  /** Bytes of the budget free now (tests). */
  int available() {
    return bytes.availablePermits();
  }
}
