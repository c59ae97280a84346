package dev.berth.registry.auth.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project: the first component of repository names, private unless marked public. */
@Entity
@Table(name = "project")
public class Project {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 255)
  private String name;

  @Column(name = "is_public", nullable = false)
  private boolean isPublic;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Project() {}

  public Project(String name, boolean isPublic, Instant now) {
    this.name = name;
    this.isPublic = isPublic;
    this.createdAt = now;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public boolean isPublic() {
    return isPublic;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void changeVisibility(boolean publicNow) {
    this.isPublic = publicNow;
  }
}
