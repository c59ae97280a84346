package dev.berth.registry.blob;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Blob links. */
public interface BlobLinks extends JpaRepository<BlobLink, BlobLink.Key> {
  /** No manifest of the link's own repository references its blob. */
  String UNREFERENCED_IN_ITS_REPOSITORY =
      " not exists (select 1 from ManifestReference r, ManifestRecord m"
          + " where r.id.manifestId = m.id and m.repositoryId = l.id.repositoryId"
          + " and r.digest = l.id.digest)";

  /** Ids of the repositories that link this blob. */
  @Query("select l.id.repositoryId from BlobLink l where l.id.digest = :digest")
  List<Long> repositoriesLinking(String digest);

  /**
   * Links made before {@code cutoff} whose blob no manifest of their repository references: what
   * deleted manifests leave behind, and uploads no manifest ever followed.
   */
  @Query(
      "select l from BlobLink l where l.createdAt < :cutoff and" + UNREFERENCED_IN_ITS_REPOSITORY)
  List<BlobLink> findUnreferencedBefore(Instant cutoff, Limit limit);

  /** Deletes the link only while it is still old and unreferenced; returns 0 or 1. */
  @Modifying
  @Query(
      "delete from BlobLink l where l.id = :id and l.createdAt < :cutoff and"
          + UNREFERENCED_IN_ITS_REPOSITORY)
  int deleteIfUnreferenced(BlobLink.Key id, Instant cutoff);
}
