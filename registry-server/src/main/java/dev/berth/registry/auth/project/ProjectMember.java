package dev.berth.registry.auth.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's membership of a project, with one role. */
@Entity
@Table(name = "project_member")
public class ProjectMember {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "project_id", nullable = false)
  private long projectId;

  @Column(name = "account_id", nullable = false)
  private long accountId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Role role;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ProjectMember() {}

  public ProjectMember(long projectId, long accountId, Role role, Instant now) {
    this.projectId = projectId;
    this.accountId = accountId;
    this.role = role;
    this.createdAt = now;
  }

  public Long id() {
    return id;
  }

  public long projectId() {
    return projectId;
  }

  public long accountId() {
    return accountId;
  }

  public Role role() {
    return role;
  }

  void changeRole(Role newRole) {
    this.role = newRole;
  }
}
