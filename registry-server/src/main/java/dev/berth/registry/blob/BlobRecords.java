package dev.berth.registry.blob;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Blob rows. */
public interface BlobRecords extends JpaRepository<BlobRecord, String> {

  /** The blob, if the repository links it. */
  @Query(
      "select b from BlobRecord b, BlobLink l where l.id.digest = b.digest"
          + " and l.id.repositoryId = :repositoryId and b.digest = :digest")
  Optional<BlobRecord> findLinked(long repositoryId, String digest);

  /**
   * Blobs stored, or last let go by a repository, before {@code cutoff} that no repository links
   * and no manifest references: the garbage a delete leaves behind.
   */
  @Query(
      "select b from BlobRecord b where b.createdAt < :cutoff"
          + " and not exists (select 1 from BlobLink l where l.id.digest = b.digest)"
          + " and not exists (select 1 from ManifestReference r where r.digest = b.digest)")
  java.util.List<BlobRecord> findUnreferencedBefore(java.time.Instant cutoff);

  /**
   * Starts the blob's grace period again: a repository has just let it go, and a push that checked
   * for it a moment earlier may still be about to reference it.
   */
  @org.springframework.data.jpa.repository.Modifying
  @Query("update BlobRecord b set b.createdAt = :now where b.digest = :digest")
  int restartGrace(String digest, java.time.Instant now);

  /** Deletes the row only while it is still unreferenced; returns the rows deleted (0 or 1). */
  @org.springframework.data.jpa.repository.Modifying
  @Query(
      "delete from BlobRecord b where b.digest = :digest"
          + " and not exists (select 1 from BlobLink l where l.id.digest = b.digest)"
          + " and not exists (select 1 from ManifestReference r where r.digest = b.digest)")
  int deleteIfUnreferenced(String digest);
}
