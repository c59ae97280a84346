package dev.berth.registry.blob;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Blob links. */
public interface BlobLinks extends JpaRepository<BlobLink, BlobLink.Key> {
  /** Ids of the repositories that link this blob. */
  @Query("select l.id.repositoryId from BlobLink l where l.id.digest = :digest")
  List<Long> repositoriesLinking(String digest);
}
