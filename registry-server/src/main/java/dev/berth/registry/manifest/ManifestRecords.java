package dev.berth.registry.manifest;

import java.util.List;
import java.util.Optional;
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
}
