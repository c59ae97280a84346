package dev.berth.registry.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Moves blob bytes by key; knows nothing of repositories, tags or permissions.
 *
 * <p>Lifecycle: bytes are appended to an upload (keyed by an opaque id) and become a blob only on
 * {@link #commit}. A committed blob is immutable and visible to every reader; an upload is visible
 * to no reader. Implementations must be safe for concurrent use by several processes sharing the
 * same backing store (replicas), which is why commit never overwrites a good blob.
 */
public interface BlobStorage {

  /** The committed blob's content, or empty when it is absent or not of its recorded size. */
  Optional<BlobContent> open(Digest digest, long expectedSize) throws IOException;

  /** The committed blob's size, or empty when absent. */
  Optional<Long> size(Digest digest) throws IOException;

  /**
   * Opens an upload for appending, creating it when new. The caller must close the writer; bytes
   * written are durable only after {@link #commit}.
   */
  UploadWriter append(String uploadId) throws IOException;

  /** Bytes appended to an upload so far, or empty when there is no such upload. */
  Optional<Long> uploadSize(String uploadId) throws IOException;

  /** Reads an upload's bytes from the start (to recompute its digest after a restart). */
  InputStream readUpload(String uploadId) throws IOException;

  /**
   * Turns an upload into the blob {@code digest}: make the bytes durable, check their size, and
   * atomically publish them. When a good blob already exists it is kept and the upload discarded.
   * The caller has verified the digest while the bytes streamed.
   *
   * @throws IOException when the upload is missing or its size is not {@code expectedSize}
   */
  void commit(String uploadId, Digest digest, long expectedSize) throws IOException;

  /** Discards an upload and its bytes; no effect when absent. */
  void cancel(String uploadId) throws IOException;

  /** Deletes a committed blob; no effect when absent. */
  void delete(Digest digest) throws IOException;

  /** Uploads whose bytes were last written before {@code cutoff} (for purging abandoned ones). */
  List<String> uploadsOlderThan(Instant cutoff) throws IOException;
}
