package dev.berth.registry.storage.s3;

import dev.berth.oci.Digest;
import java.util.regex.Pattern;

/**
 * Object names in the bucket.
 *
 * <pre>
 * PREFIX blobs/sha256/ab/ab12…ef               committed blobs, named by digest
 * PREFIX uploads/UUID/started                   an upload exists (empty)
 * PREFIX uploads/UUID/part-00000000000000000000 the upload's bytes from that offset, one per chunk
 * </pre>
 *
 * <p>Keys are built only from a validated {@link Digest} or a UUID, so a repository name or any
 * other client input never reaches an object name.
 */
final class ObjectKeys {
  private static final Pattern UPLOAD_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final String STARTED = "started";
  private static final String PART = "part-";

  private final String prefix;

  ObjectKeys(String prefix) {
    this.prefix = prefix;
  }

  String blob(Digest digest) {
    return prefix
        + "blobs/"
        + digest.algorithm().id()
        + "/"
        + digest.hex().substring(0, 2)
        + "/"
        + digest.hex();
  }

  String uploads() {
    return prefix + "uploads/";
  }

  /** The folder of one upload. */
  String upload(String uploadId) {
    if (!UPLOAD_ID.matcher(uploadId).matches()) {
      throw new IllegalArgumentException("upload id must be a lowercase UUID: " + uploadId);
    }
    return uploads() + uploadId + "/";
  }

  String started(String uploadId) {
    return upload(uploadId) + STARTED;
  }

  /** Part names sort by offset: the offset is zero-padded to the width of a long. */
  String part(String uploadId, long offset) {
    return upload(uploadId) + PART + String.format("%020d", offset);
  }

  static boolean isPart(String key) {
    return key.substring(key.lastIndexOf('/') + 1).startsWith(PART);
  }

  /** The upload id of a key under {@link #uploads()}, or null when it is not one of ours. */
  String uploadIdOf(String key) {
    String rest = key.substring(uploads().length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String id = rest.substring(0, slash);
    return UPLOAD_ID.matcher(id).matches() ? id : null;
  }
}
