package dev.berth.registry.manifest;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Manifest reference rows. */
public interface ManifestReferences
    extends JpaRepository<ManifestReference, ManifestReference.Key> {
  @Modifying
  @Query("delete from ManifestReference r where r.id.manifestId = :manifestId")
  void deleteByManifest(long manifestId);
}
