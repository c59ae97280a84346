package dev.berth.registry.manifest;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Manifest reference rows. */
public interface ManifestReferences
    extends JpaRepository<ManifestReference, ManifestReference.Key> {
  @Query(
      "select r from ManifestReference r where r.id.manifestId = :manifestId order by r.id.position")
  List<ManifestReference> findByManifest(long manifestId);

  @Modifying
  @Query("delete from ManifestReference r where r.id.manifestId = :manifestId")
  void deleteByManifest(long manifestId);
}
