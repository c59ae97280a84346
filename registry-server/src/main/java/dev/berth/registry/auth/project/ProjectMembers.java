package dev.berth.registry.auth.project;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Membership rows. */
public interface ProjectMembers extends JpaRepository<ProjectMember, Long> {
  Optional<ProjectMember> findByProjectIdAndAccountId(long projectId, long accountId);

  List<ProjectMember> findByProjectId(long projectId);

  long countByProjectIdAndRole(long projectId, Role role);
}
