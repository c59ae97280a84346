package dev.berth.registry.blob;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Blob rows: one per stored blob or manifest, whose {@code createdAt} is when the grace period
 * garbage collection waits once nothing uses it starts (in the future while a request reserves it).
 * The row is also the blob's lock: the collector holds it while deleting the bytes, and whoever is
 * about to rely on stored bytes first restarts its grace period, which waits for a collection in
 * progress.
 */
public interface BlobRecords extends JpaRepository<BlobRecord, String> {
  /**
   * The condition on {@code b} of a blob nothing uses: no repository links it, no manifest
   * references it, and it is no manifest's own bytes.
   */
  String UNUSED =
      "not exists (select 1 from BlobLink l where l.id.digest = b.digest)"
          + " and not exists (select 1 from ManifestReference r where r.digest = b.digest)"
          + " and not exists (select 1 from ManifestRecord m where m.digest = b.digest)";

  /** The blob, if the repository links it. */
  @Query(
      "select b from BlobRecord b, BlobLink l where l.id.digest = b.digest"
          + " and l.id.repositoryId = :repositoryId and b.digest = :digest")
  Optional<BlobRecord> findLinked(long repositoryId, String digest);

  /**
   * Blobs stored, or last let go, before {@code cutoff} that no repository links, no manifest
   * references and that are no manifest's own bytes: the garbage a delete leaves behind.
   */
  @Query("select b from BlobRecord b where b.createdAt < :cutoff and " + UNUSED)
  List<BlobRecord> findUnreferencedBefore(Instant cutoff, Limit limit);

  /** How many blobs nothing uses, whatever their grace period. */
  @Query("select count(b) from BlobRecord b where " + UNUSED)
  long countUnused();

  /** The size of the blobs nothing uses, whatever their grace period. */
  @Query("select coalesce(sum(b.size), 0) from BlobRecord b where " + UNUSED)
  long sizeOfUnused();

  /** Locks the blob's row until the transaction ends (the collector, deleting its bytes). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select b from BlobRecord b where b.digest = :digest")
  Optional<BlobRecord> lockByDigest(String digest);

  /**
   * Starts the blob's grace period again, at {@code from}, unless it starts later already (a
   * request reserved the blob): a repository has just let it go, or a request reserves it until
   * {@code from}. Waits while a collection holds the row; returns 0 when it has removed it.
   */
  @Modifying
  @Query(
      "update BlobRecord b set b.createdAt ="
          + " case when b.createdAt > :from then b.createdAt else :from end"
          + " where b.digest = :digest")
  int restartGrace(String digest, Instant from);

  /**
   * Ends the reservation until {@code until}, if it is still the latest one: the grace period then
   * starts at {@code now}.
   */
  @Modifying
  @Query(
      "update BlobRecord b set b.createdAt = :now"
          + " where b.digest = :digest and b.createdAt = :until")
  int endReservation(String digest, Instant until, Instant now);

  /**
   * Deletes the row only while it is still unreferenced and its grace period began before {@code
   * cutoff}; returns the rows deleted (0 or 1).
   */
  @Modifying
  @Query(
      "delete from BlobRecord b where b.digest = :digest and b.createdAt < :cutoff and " + UNUSED)
  int deleteIfUnreferenced(String digest, Instant cutoff);
}
