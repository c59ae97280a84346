package dev.berth.registry.manifest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tag: a name in a repository pointing at a manifest digest. */
@Entity
@Table(name = "tag")
public class TagRecord {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "repository_id", nullable = false)
  private long repositoryId;

  @Column(nullable = false, length = 128)
  private String name;

  @Column(name = "manifest_digest", nullable = false, length = 200)
  private String manifestDigest;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected TagRecord() {}

  public TagRecord(long repositoryId, String name, String manifestDigest, Instant now) {
    this.repositoryId = repositoryId;
    this.name = name;
    this.manifestDigest = manifestDigest;
    this.updatedAt = now;
  }

  public Long id() {
    return id;
  }

  public long repositoryId() {
    return repositoryId;
  }

  public String name() {
    return name;
  }

  public String manifestDigest() {
    return manifestDigest;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void pointTo(String digest, Instant now) {
    this.manifestDigest = digest;
    this.updatedAt = now;
  }
}
