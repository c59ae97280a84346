package dev.berth.registry.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Garbage collection settings, under {@code berth.gc}.
 *
 * @param interval how often the collectors run (also the delay of their first run)
 * @param grace how long a blob must have been unreferenced everywhere before its file is deleted
 * @param linkGrace how long a blob may stay in a repository that no manifest there references (an
 *     upload waiting for its manifest, the layers of a deleted one) before the repository lets it
 *     go
 * @param untaggedAfter manifests nothing keeps are deleted once last pushed this long ago; null
 *     keeps them
 * @param batchSize rows a collection reads and works through at once (10,000); a run takes batches
 *     until nothing more is due
 */
@ConfigurationProperties("berth.gc")
public record GcProperties(
    Duration interval,
    Duration grace,
    Duration linkGrace,
    Duration untaggedAfter,
    Integer batchSize) {
  public GcProperties {
    interval = interval == null ? Duration.ofHours(1) : interval;
    grace = grace == null ? Duration.ofHours(1) : grace;
    linkGrace = linkGrace == null ? Duration.ofHours(24) : linkGrace;
    batchSize = batchSize == null ? 10_000 : batchSize;
    if (batchSize < 1) {
      throw new IllegalArgumentException("berth.gc.batch-size must be positive, not " + batchSize);
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("berth.gc.interval must be positive, not " + interval);
    }
    requireNotNegative("berth.gc.grace", grace);
    requireNotNegative("berth.gc.link-grace", linkGrace);
    if (untaggedAfter != null) {
      requireNotNegative("berth.gc.untagged-after", untaggedAfter);
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value.isNegative()) {
      // A negative age would put the cut-off in the future and collect what was just pushed.
      throw new IllegalArgumentException(name + " cannot be negative, not " + value);
    }
  }

  /**
   * How long, at most, until the files of a deleted manifest's own blobs are deleted: the
   * repository lets them go at the first run after {@link #linkGrace}, and the files go at the
   * first run after {@link #grace} more.
   */
  public Duration reclaimWithin() {
    return linkGrace.plus(grace).plus(interval.multipliedBy(2));
  }
}
