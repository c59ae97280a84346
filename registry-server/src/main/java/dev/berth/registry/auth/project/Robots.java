package dev.berth.registry.auth.project;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Robot account rows. */
public interface Robots extends JpaRepository<Robot, Long> {
  Optional<Robot> findByProjectIdAndName(long projectId, String name);

  List<Robot> findByProjectIdOrderByNameAsc(long projectId);
}
