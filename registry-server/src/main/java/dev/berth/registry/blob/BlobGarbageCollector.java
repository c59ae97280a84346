package dev.berth.registry.blob;

import dev.berth.oci.Digest;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back the space of deleted images, in two steps. A repository lets go of a blob that none of
 * its manifests has referenced for {@code berth.gc.link-grace} (the layers of a deleted manifest,
 * an upload no manifest ever followed); a push that is still uploading its layers finishes well
 * within that. Then the bytes of blobs that no repository links and no manifest references are
 * removed, once that has been so for {@code berth.gc.grace} (so a push that checked for a blob just
 * before its repository let it go still finds it). The bytes of a manifest nothing holds any more
 * go the same way. Each blob's row is locked while its bytes are deleted, and a request about to
 * rely on stored bytes reserves them first (see {@link BlobService#reserve}), so none is deleted
 * between a check that finds it and the link or manifest that uses it, whatever the grace period.
 */
@Component
public class BlobGarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(BlobGarbageCollector.class);

  private final BlobRecords blobs;
  private final BlobLinks links;
  private final BlobReservations reservations;
  private final BlobStorage storage;
  private final TransactionTemplate transaction;
  private final Duration grace;
  private final Duration linkGrace;
  private final int batchSize;
  private final RegistryProperties properties;

  public BlobGarbageCollector(
      BlobRecords blobs,
      BlobLinks links,
      BlobReservations reservations,
      BlobStorage storage,
      PlatformTransactionManager transactions,
      GcProperties gc,
      RegistryProperties properties) {
    this.blobs = blobs;
    this.links = links;
    this.reservations = reservations;
    this.storage = storage;
    this.transaction = new TransactionTemplate(transactions);
    this.grace = gc.grace();
    this.linkGrace = gc.linkGrace();
    this.batchSize = gc.batchSize();
    this.properties = properties;
  }

  /**
   * Runs one collection (scheduled by {@code GarbageCollection}), in batches of {@code
   * berth.gc.batch-size} rows until nothing more is due.
   */
  public BlobCollection collect() {
    if (properties.readOnly()) {
      return BlobCollection.NONE; // nothing is deleted while read-only (a backup may be running)
    }
    int released = 0;
    int batch;
    do {
      batch = releaseUnreferencedLinks();
      released += batch;
    } while (batch == batchSize);
    if (released > 0) {
      log.info("garbage collection released {} blob links no manifest references", released);
    }
    Instant cutoff = Instant.now().minus(grace);
    int removed = 0;
    long bytes = 0;
    List<BlobRecord> due;
    int removedInBatch;
    do {
      due = blobs.findUnreferencedBefore(cutoff, Limit.of(batchSize));
      removedInBatch = 0;
      for (BlobRecord blob : due) {
        if (remove(blob.digest(), cutoff)) {
          removedInBatch++;
          bytes += blob.size();
        }
      }
      removed += removedInBatch;
    } while (due.size() == batchSize && removedInBatch > 0);
    if (removed > 0) {
      log.info("garbage collection removed {} blobs ({} bytes)", removed, bytes);
    }
    return new BlobCollection(released, removed, bytes);
  }

  /**
   * Deletes a blob's bytes and row while holding the row, so a request that restarts its grace
   * period meanwhile either comes first (and the blob is kept) or waits until the bytes are gone
   * (and stores them again). A file that cannot be deleted keeps its row, for the next run.
   */
  private boolean remove(String digest, Instant cutoff) {
    try {
      Boolean removed =
          transaction.execute(
              status -> {
                if (blobs.lockByDigest(digest).isEmpty()
                    || blobs.deleteIfUnreferenced(digest, cutoff) == 0) {
                  return false;
                }
                try {
                  storage.delete(Digest.parse(digest));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return true;
              });
      return Boolean.TRUE.equals(removed);
    } catch (UncheckedIOException e) {
      log.warn("could not delete blob {}: {}", digest, e.getCause().getMessage());
      return false;
    }
  }

  /**
   * Unlinks one batch of blobs their repository's manifests no longer reference; returns how many.
   * A link found but referenced again meanwhile is left, and not found again.
   */
  private int releaseUnreferencedLinks() {
    Instant cutoff = Instant.now().minus(linkGrace);
    int released = 0;
    for (BlobLink link : links.findUnreferencedBefore(cutoff, Limit.of(batchSize))) {
      Integer deleted =
          transaction.execute(
              status -> {
                int rows = links.deleteIfUnreferenced(link.id(), cutoff);
                if (rows > 0) {
                  reservations.startGrace(Digest.parse(link.id().digest()));
                }
                return rows;
              });
      if (deleted != null && deleted > 0) {
        released++;
      }
    }
    return released;
  }
}
