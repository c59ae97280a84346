package dev.berth.registry.manifest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A manifest pushed to a repository. Its bytes live in the blob store under its digest; this row
 * holds what queries need (media type, subject for referrers, config for the UI).
 */
@Entity
@Table(name = "manifest")
public class ManifestRecord {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "repository_id", nullable = false)
  private long repositoryId;

  @Column(nullable = false, length = 200)
  private String digest;

  @Column(name = "media_type", nullable = false)
  private String mediaType;

  /** The artifact type, or for an image its config media type (what referrers report). */
  @Column(name = "artifact_type")
  private String artifactType;

  @Column(nullable = false)
  private long size;

  @Column(name = "subject_digest", length = 200)
  private String subjectDigest;

  @Column(name = "config_digest", length = 200)
  private String configDigest;

  /** The manifest's annotations as a JSON object, copied into referrers responses. */
  @Column(columnDefinition = "TEXT")
  private String annotations;

  @Column(name = "pushed_at", nullable = false)
  private Instant pushedAt;

  protected ManifestRecord() {}

  public ManifestRecord(
      long repositoryId,
      String digest,
      String mediaType,
      String artifactType,
      long size,
      String subjectDigest,
      String configDigest,
      String annotations,
      Instant pushedAt) {
    this.repositoryId = repositoryId;
    this.digest = digest;
    this.mediaType = mediaType;
    this.artifactType = artifactType;
    this.size = size;
    this.subjectDigest = subjectDigest;
    this.configDigest = configDigest;
    this.annotations = annotations;
    this.pushedAt = pushedAt;
  }

  public Long id() {
    return id;
  }

  public long repositoryId() {
    return repositoryId;
  }

  public String digest() {
    return digest;
  }

  public String mediaType() {
    return mediaType;
  }

  public String artifactType() {
    return artifactType;
  }

  public long size() {
    return size;
  }

  public String subjectDigest() {
    return subjectDigest;
  }

  public String configDigest() {
    return configDigest;
  }

  public String annotations() {
    return annotations;
  }

  public Instant pushedAt() {
    return pushedAt;
  }
}
