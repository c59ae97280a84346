package dev.berth.registry.gc;

import dev.berth.registry.blob.BlobCollection;
import dev.berth.registry.blob.BlobGarbageCollector;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.manifest.UntaggedManifestCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs garbage collection every {@code berth.gc.interval}: untagged manifests first (when {@code
 * berth.gc.untagged-after} is set), then the blobs nothing uses any more, and remembers the last
 * run for the storage page. Nothing runs while the registry is read-only.
 */
@Component
public class GarbageCollection {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollection.class);

  private final UntaggedManifestCollector manifests;
  private final BlobGarbageCollector blobs;
  private final RegistryProperties properties;
  private final GcProperties gc;
  private final Instant firstRun;
  private final AtomicReference<GcRun> last = new AtomicReference<>();
  private final GcTotals totals = new GcTotals();

  public GarbageCollection(
      UntaggedManifestCollector manifests,
      BlobGarbageCollector blobs,
      RegistryProperties properties,
      GcProperties gc) {
    this.manifests = manifests;
    this.blobs = blobs;
    this.properties = properties;
    this.gc = gc;
    this.firstRun = Instant.now().plus(gc.interval());
  }

  /** Runs one collection; returns what it did (empty while the registry is read-only). */
  @Scheduled(
      initialDelayString = "${berth.gc.interval:1h}",
      fixedDelayString = "${berth.gc.interval:1h}")
  public synchronized Optional<GcRun> run() {
    if (properties.readOnly()) {
      return Optional.empty();
    }
    Instant started = Instant.now();
    int deleted = 0;
    BlobCollection collected = BlobCollection.NONE;
    String failure = null;
    try {
      deleted = manifests.collect();
      collected = blobs.collect();
    } catch (RuntimeException e) {
      // The next run starts over; what this one deleted stays deleted.
      log.warn("garbage collection stopped: {}", e.toString());
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    GcRun run =
        new GcRun(started, Duration.between(started, Instant.now()), deleted, collected, failure);
    last.set(run);
    totals.add(run);
    return Optional.of(run);
  }

  /** The last run, if one has run since the registry started. */
  public Optional<GcRun> lastRun() {
    return Optional.ofNullable(last.get());
  }

  /** About when the next scheduled run starts. */
  public Instant nextRun() {
    GcRun run = last.get();
    return run == null ? firstRun : run.started().plus(run.took()).plus(gc.interval());
  }

  /** What all runs since the registry started did, for the metrics. */
  public GcTotals totals() {
    return totals;
  }
}
