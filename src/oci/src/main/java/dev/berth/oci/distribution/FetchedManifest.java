package dev.berth.oci.distribution;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;

/**
 * A manifest's exact bytes as served, with the media type and the digest computed over them.
 *
 * @param bytes the body; digests cover these bytes, so they are never re-serialised
 * @param mediaType the {@code Content-Type}, or the document's own {@code mediaType} field
 * @param digest the sha256 of {@code bytes}
 */
public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {
  /** A descriptor of this manifest. */
  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, bytes.length);
  }
}
