package dev.berth.registry.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

/** Repository rows, listed in byte order for the catalog. */
public interface RepositoryRecords extends JpaRepository<RepositoryRecord, Long> {
  Optional<RepositoryRecord> findByName(String name);

  List<RepositoryRecord> findByNameGreaterThanOrderByNameAsc(String last, Limit limit);

  List<RepositoryRecord> findAllByOrderByNameAsc(Limit limit);
}
