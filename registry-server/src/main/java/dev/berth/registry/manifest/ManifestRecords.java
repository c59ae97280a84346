package dev.berth.registry.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Manifest rows. */
public interface ManifestRecords extends JpaRepository<ManifestRecord, Long> {
  Optional<ManifestRecord> findByRepositoryIdAndDigest(long repositoryId, String digest);

  boolean existsByRepositoryIdAndDigest(long repositoryId, String digest);

  List<ManifestRecord> findByRepositoryIdAndSubjectDigestOrderByPushedAtAsc(
      long repositoryId, String subjectDigest);

  @Modifying
  @Query("delete from ManifestRecord m where m.id = :id")
  void deleteRow(long id);

  /**
   * No tag of its repository points at it, no manifest there lists it (an index's child), and it is
   * not a referrer of a manifest that is still there (a signature, an SBOM).
   */
  String UNTAGGED_AND_UNUSED =
      " not exists (select 1 from TagRecord t"
          + " where t.repositoryId = m.repositoryId and t.manifestDigest = m.digest)"
          + " and not exists (select 1 from ManifestReference r, ManifestRecord p"
          + " where r.id.manifestId = p.id and p.repositoryId = m.repositoryId"
          + " and r.digest = m.digest)"
          + " and (m.subjectDigest is null or not exists (select 1 from ManifestRecord s"
          + " where s.repositoryId = m.repositoryId and s.digest = m.subjectDigest))";

  /** Manifests last pushed before {@code cutoff} that nothing keeps any more. */
  @Query("select m from ManifestRecord m where m.pushedAt < :cutoff and" + UNTAGGED_AND_UNUSED)
  List<ManifestRecord> findUntaggedBefore(Instant cutoff, Limit limit);

  /** Deletes the manifest only while that is still so; returns 0 or 1. */
  @Modifying
  @Query(
      "delete from ManifestRecord m where m.id = :id and m.pushedAt < :cutoff and"
          + UNTAGGED_AND_UNUSED)
  int deleteIfUntagged(long id, Instant cutoff);

  /**
   * Records that the manifest was pushed again, now; returns 0 when it is not there (any more). A
   * row lock: an untagged-manifest collection deleting it at that moment either finishes first (and
   * the push stores the manifest again) or sees it pushed just now (and keeps it).
   */
  @Modifying
  @Query(
      "update ManifestRecord m set m.pushedAt = :now"
          + " where m.repositoryId = :repositoryId and m.digest = :digest")
  int markPushed(long repositoryId, String digest, Instant now);
}
