package dev.berth.registry.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A repository row: created on first push, named by its full path. */
@Entity
@Table(name = "repository")
public class RepositoryRecord {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 255)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RepositoryRecord() {}

  public RepositoryRecord(String name, Instant now) {
    this.name = name;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void touch(Instant now) {
    this.updatedAt = now;
  }
}
