package dev.berth.registry.manifest;

import dev.berth.oci.Digest;
import dev.berth.registry.blob.BlobReservations;
import dev.berth.registry.catalog.RepositoryRecord;
import dev.berth.registry.catalog.RepositoryRecords;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes manifests nothing keeps any more, when {@code berth.gc.untagged-after} is set (off by
 * default, as distribution's {@code garbage-collect --delete-untagged}): no tag points at them, no
 * index lists them, they are no referrer of a manifest still there, and they were last pushed
 * longer ago than that. An index going makes its children collectable, and a subject going its
 * referrers, in the same run. The garbage collector then gives back the blobs only they used.
 */
@Component
public class UntaggedManifestCollector {
  private static final Logger log = LoggerFactory.getLogger(UntaggedManifestCollector.class);

  private static final int MAX_PASSES = 20;

  private final ManifestRecords manifests;
  private final BlobReservations reservations;
  private final RepositoryRecords repositories;
  private final ManifestCache cache;
  private final TransactionTemplate transaction;
  private final RegistryProperties properties;
  private final Duration untaggedAfter;

  /** Manifests considered per pass at most; a run makes passes until one deletes nothing. */
  private final int batchSize;

  public UntaggedManifestCollector(
      ManifestRecords manifests,
      BlobReservations reservations,
      RepositoryRecords repositories,
      ManifestCache cache,
      PlatformTransactionManager transactions,
      RegistryProperties properties,
      GcProperties gc) {
    this.manifests = manifests;
    this.reservations = reservations;
    this.repositories = repositories;
    this.cache = cache;
    this.transaction = new TransactionTemplate(transactions);
    this.properties = properties;
    this.untaggedAfter = gc.untaggedAfter();
    this.batchSize = gc.batchSize();
  }

  /**
   * Runs one collection (scheduled by {@code GarbageCollection}); returns the number of manifests
   * deleted.
   */
  public int collect() {
    if (untaggedAfter == null || properties.readOnly()) {
      return 0;
    }
    Instant cutoff = Instant.now().minus(untaggedAfter);
    int deleted = 0;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      int thisPass = 0;
      for (ManifestRecord manifest : manifests.findUntaggedBefore(cutoff, Limit.of(batchSize))) {
        Integer rows =
            transaction.execute(
                status -> {
                  int deletedRows = manifests.deleteIfUntagged(manifest.id(), cutoff);
                  if (deletedRows > 0) {
                    reservations.startGrace(Digest.parse(manifest.digest()));
                  }
                  return deletedRows;
                });
        if (rows != null && rows > 0) {
          thisPass++;
          repositories
              .findById(manifest.repositoryId())
              .map(RepositoryRecord::name)
              .ifPresent(name -> cache.invalidate(name, manifest.digest()));
        }
      }
      deleted += thisPass;
      if (thisPass == 0) {
        break;
      }
    }
    if (deleted > 0) {
      log.info(
          "garbage collection deleted {} untagged manifests pushed before {}", deleted, cutoff);
    }
    return deleted;
  }
}
