package dev.berth.registry.blob;

/**
 * What one run of the {@link BlobGarbageCollector} did.
 *
 * @param linksReleased blobs repositories let go of, no manifest of theirs referencing them
 * @param blobsRemoved blobs (and manifests' bytes) whose files were deleted
 * @param bytesRemoved the size of those files
 */
public record BlobCollection(int linksReleased, int blobsRemoved, long bytesRemoved) {
  /** A run that did nothing (the registry is read-only). */
  public static final BlobCollection NONE = new BlobCollection(0, 0, 0);
}
