package dev.berth.registry.auth.audit;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;

/**
 * What to show of the audit log; every field is optional.
 *
 * @param actor exact account name
 * @param action one action
 * @param project exact project name
 * @param target a substring of the target
 * @param from events at or after
 * @param to events before
 */
public record AuditFilter(
    String actor, AuditAction action, String project, String target, Instant from, Instant to) {

  public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

  /** The same filter restricted to one project. */
  public AuditFilter inProject(String projectName) {
    return new AuditFilter(actor, action, projectName, target, from, to);
  }

  Specification<AuditEvent> specification() {
    return (root, query, cb) -> {
      List<Predicate> all = new ArrayList<>();
      if (actor != null && !actor.isBlank()) {
        all.add(cb.equal(root.get("actor"), actor));
      }
      if (action != null) {
        all.add(cb.equal(root.get("action"), action));
      }
      if (project != null && !project.isBlank()) {
        all.add(cb.equal(root.get("project"), project));
      }
      if (target != null && !target.isBlank()) {
        all.add(cb.like(root.get("target"), "%" + escape(target) + "%", '\\'));
      }
      if (from != null) {
        all.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), from));
      }
      if (to != null) {
        all.add(cb.lessThan(root.get("occurredAt"), to));
      }
      return cb.and(all.toArray(Predicate[]::new));
    };
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
