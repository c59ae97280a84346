package dev.berth.registry.manifest;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Tag rows, listed in byte order. */
public interface TagRecords extends JpaRepository<TagRecord, Long> {
  Optional<TagRecord> findByRepositoryIdAndName(long repositoryId, String name);

  List<TagRecord> findByRepositoryIdOrderByNameAsc(long repositoryId, Limit limit);

  List<TagRecord> findByRepositoryIdAndNameGreaterThanOrderByNameAsc(
      long repositoryId, String last, Limit limit);

  List<TagRecord> findByRepositoryIdAndManifestDigest(long repositoryId, String manifestDigest);

  @Modifying
  @Query(
      "delete from TagRecord t where t.repositoryId = :repositoryId and t.manifestDigest = :digest")
  int deleteByManifest(long repositoryId, String digest);
}
