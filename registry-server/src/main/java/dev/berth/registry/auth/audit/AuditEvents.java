package dev.berth.registry.auth.audit;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Audit rows, queried with optional filters. */
public interface AuditEvents
    extends JpaRepository<AuditEvent, Long>, JpaSpecificationExecutor<AuditEvent> {
  @Modifying
  @Query("delete from AuditEvent e where e.occurredAt < :cutoff")
  int deleteOlderThan(Instant cutoff);
}
