package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The digest algorithms registered by the OCI image-spec.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">image-spec
 *     digests</a>
 */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String id;
  private final String jcaName;
  private final int hexLength;

  DigestAlgorithm(String id, String jcaName, int hexLength) {
    this.id = id;
    this.jcaName = jcaName;
    this.hexLength = hexLength;
  }

  /** The name used in digest strings, such as {@code sha256}. */
  public String id() {
    return id;
  }

  /** Length of the lowercase hex encoding of a digest of this algorithm. */
  public int hexLength() {
    return hexLength;
  }

  /** A fresh hasher for this algorithm. */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JCA provider lacks " + jcaName, e);
    }
  }

  /** Looks up an algorithm by its digest-string name. */
  public static Optional<DigestAlgorithm> fromId(String id) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.id.equals(id)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }
}
