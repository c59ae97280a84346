package dev.berth.registry.blob;

import dev.berth.oci.Digest;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the bytes of blobs that no repository links and no manifest references any more, once
 * they have been unreferenced for a grace period (so an upload that has stored its bytes but not
 * yet linked them is never collected). The row is deleted first, conditionally, so a blob linked
 * again in the meantime is kept.
 */
@Component
public class BlobGarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(BlobGarbageCollector.class);

  private final BlobRecords blobs;
  private final BlobStorage storage;
  private final TransactionTemplate transaction;
  private final Duration grace;
  private final RegistryProperties properties;

  public BlobGarbageCollector(
      BlobRecords blobs,
      BlobStorage storage,
      PlatformTransactionManager transactions,
      @Value("${berth.gc.grace:1h}") Duration grace,
      RegistryProperties properties) {
    this.blobs = blobs;
    this.storage = storage;
    this.transaction = new TransactionTemplate(transactions);
    this.grace = grace;
    this.properties = properties;
  }

  /** Runs one collection; returns the number of blobs removed. */
  @Scheduled(
      initialDelayString = "${berth.gc.interval:1h}",
      fixedDelayString = "${berth.gc.interval:1h}")
  public int collect() {
    if (properties.readOnly()) {
      return 0; // nothing is deleted while the registry is read-only (a backup may be running)
    }
    int removed = 0;
    long bytes = 0;
    for (BlobRecord blob : blobs.findUnreferencedBefore(Instant.now().minus(grace))) {
      Integer deleted = transaction.execute(status -> blobs.deleteIfUnreferenced(blob.digest()));
      if (deleted == null || deleted == 0) {
        continue;
      }
      try {
        storage.delete(Digest.parse(blob.digest()));
        removed++;
        bytes += blob.size();
      } catch (IOException e) {
        log.warn("could not delete blob {}: {}", blob.digest(), e.getMessage());
      }
    }
    if (removed > 0) {
      log.info("garbage collection removed {} blobs ({} bytes)", removed, bytes);
    }
    return removed;
  }
}
