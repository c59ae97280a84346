package dev.berth.registry.auth.project;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Project rows. */
public interface Projects extends JpaRepository<Project, Long> {
  Optional<Project> findByName(String name);

  List<Project> findAllByOrderByNameAsc();

  /** The projects an account is a member of, by name. */
  @Query(
      "select p from Project p where p.id in (select m.projectId from ProjectMember m where"
          + " m.accountId = :accountId) order by p.name")
  List<Project> findByMember(long accountId);
}
