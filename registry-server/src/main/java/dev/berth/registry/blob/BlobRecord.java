package dev.berth.registry.blob;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A blob known to the store: its digest and size, shared by every repository that links it. */
@Entity
@Table(name = "blob")
public class BlobRecord {
  @Id
  @Column(length = 200)
  private String digest;

  @Column(nullable = false)
  private long size;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected BlobRecord() {}

  public BlobRecord(String digest, long size, Instant createdAt) {
    this.digest = digest;
    this.size = size;
    this.createdAt = createdAt;
  }

  public String digest() {
    return digest;
  }

  public long size() {
    return size;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
