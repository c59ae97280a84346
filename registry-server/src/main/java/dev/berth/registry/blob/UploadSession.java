package dev.berth.registry.blob;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An upload in progress. Kept in the database, not in memory, so any replica can take the next
 * chunk and the session survives a restart.
 */
@Entity
@Table(name = "upload_session")
public class UploadSession {
  @Id
  @Column(length = 36)
  private String id;

  @Column(nullable = false, length = 255)
  private String repository;

  @Column(nullable = false)
  private long size;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected UploadSession() {}

  public UploadSession(String id, String repository, Instant now) {
    this.id = id;
    this.repository = repository;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public String repository() {
    return repository;
  }

  public long size() {
    return size;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void recordSize(long newSize, Instant now) {
    this.size = newSize;
    this.updatedAt = now;
  }
}
