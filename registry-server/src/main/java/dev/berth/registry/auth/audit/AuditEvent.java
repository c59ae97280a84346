package dev.berth.registry.auth.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audit log entry: who did what to which target, when, from which address, and the outcome. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(nullable = false, length = 160)
  private String actor;

  @Column(nullable = false, length = 64)
  private String address;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private AuditAction action;

  @Column(length = 255)
  private String project;

  @Column(nullable = false, length = 512)
  private String target;

  @Column(nullable = false, length = 16)
  private String outcome;

  @Column(length = 512)
  private String detail;

  protected AuditEvent() {}

  public AuditEvent(
      Instant occurredAt,
      String actor,
      String address,
      AuditAction action,
      String project,
      String target,
      String outcome,
      String detail) {
    this.occurredAt = occurredAt;
    this.actor = clip(actor, 160);
    this.address = clip(address == null ? "" : address, 64);
    this.action = action;
    this.project = project == null ? null : clip(project, 255);
    this.target = clip(target == null ? "" : target, 512);
    this.outcome = outcome;
    this.detail = detail == null ? null : clip(detail, 512);
  }

  private static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  public Long id() {
    return id;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public String actor() {
    return actor;
  }

  public String address() {
    return address;
  }

  public AuditAction action() {
    return action;
  }

  public String project() {
    return project;
  }

  public String target() {
    return target;
  }

  public String outcome() {
    return outcome;
  }

  public String detail() {
    return detail;
  }
}
