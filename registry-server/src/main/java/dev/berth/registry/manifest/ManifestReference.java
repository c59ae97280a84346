package dev.berth.registry.manifest;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** One thing a manifest references: its config, a layer, or (for an index) a child manifest. */
@Entity
@Table(name = "manifest_reference")
public class ManifestReference {
  @EmbeddedId private Key id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Kind kind;

  @Column(nullable = false, length = 200)
  private String digest;

  @Column(name = "media_type")
  private String mediaType;

  @Column(nullable = false)
  private long size;

  protected ManifestReference() {}

  public ManifestReference(
      long manifestId, int position, Kind kind, String digest, String mediaType, long size) {
    this.id = new Key(manifestId, position);
    this.kind = kind;
    this.digest = digest;
    this.mediaType = mediaType;
    this.size = size;
  }

  public Key id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public String digest() {
    return digest;
  }

  public String mediaType() {
    return mediaType;
  }

  public long size() {
    return size;
  }

  /** What the reference is. */
  public enum Kind {
    CONFIG,
    LAYER,
    MANIFEST
  }

  /** The reference's key: manifest and position in it. */
  @Embeddable
  public record Key(
      @Column(name = "manifest_id") long manifestId, @Column(name = "position") int position) {}
}
