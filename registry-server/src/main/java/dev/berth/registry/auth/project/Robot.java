package dev.berth.registry.auth.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A robot account of one project: a secret (kept only as a hash), the repository actions it may
 * perform there, and an optional expiry.
 */
@Entity
@Table(name = "robot")
public class Robot {
  /** Robot account names start with this, so they can never collide with a user's name. */
  public static final String PREFIX = "robot$";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "project_id", nullable = false)
  private long projectId;

  @Column(nullable = false, length = 64)
  private String name;

  @Column(name = "secret_hash", nullable = false)
  private String secretHash;

  @Column(nullable = false, length = 64)
  private String actions;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "created_by", nullable = false, length = 64)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Robot() {}

  public Robot(
      long projectId,
      String name,
      String secretHash,
      Set<RepositoryAction> actions,
      Instant expiresAt,
      String createdBy,
      Instant now) {
    this.projectId = projectId;
    this.name = name;
    this.secretHash = secretHash;
    this.actions =
        actions.stream().map(RepositoryAction::wire).sorted().collect(Collectors.joining(","));
    this.expiresAt = expiresAt;
    this.createdBy = createdBy;
    this.createdAt = now;
  }

  /** The account name a robot logs in with. */
  public static String accountName(String project, String robot) {
    return PREFIX + project + "+" + robot;
  }

  public Long id() {
    return id;
  }

  public long projectId() {
    return projectId;
  }

  public String name() {
    return name;
  }

  public String secretHash() {
    return secretHash;
  }

  /** The repository actions granted within the robot's project. */
  public Set<RepositoryAction> actions() {
    EnumSet<RepositoryAction> result = EnumSet.noneOf(RepositoryAction.class);
    Arrays.stream(actions.split(","))
        .map(RepositoryAction::fromWire)
        .forEach(action -> action.ifPresent(result::add));
    return result;
  }

  /** When the robot stops working, or null for never. */
  public Instant expiresAt() {
    return expiresAt;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
