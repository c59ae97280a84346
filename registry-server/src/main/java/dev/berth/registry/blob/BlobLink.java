package dev.berth.registry.blob;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A repository's claim on a blob: a blob is readable in a repository only through a link, so one
 * repository can never read another's private layers by digest.
 */
@Entity
@Table(name = "blob_link")
public class BlobLink {
  @EmbeddedId private Key id;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected BlobLink() {}

  public BlobLink(long repositoryId, String digest, Instant createdAt) {
    this.id = new Key(repositoryId, digest);
    this.createdAt = createdAt;
  }

  public Key id() {
    return id;
  }

  /** The link's key. */
  @Embeddable
  public record Key(
      @Column(name = "repository_id") long repositoryId,
      @Column(name = "digest", length = 200) String digest) {}
}
