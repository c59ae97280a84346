package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:e3b0…}: an algorithm and its lowercase hex encoding.
 *
 * <p>Only the registered algorithms (sha256, sha512) are accepted, with exactly the right number of
 * lowercase hex characters, so that a digest is always safe to use as a storage key.
 *
 * @see <a
 *     href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">image-spec
 *     digests</a>
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {

  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
      throw new InvalidDigestException(algorithm.id() + ":" + hex);
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws InvalidDigestException if the string is not a well-formed digest of a registered
   *     algorithm
   */
  @JsonCreator
  public static Digest parse(String value) {
    if (value == null) {
      throw new InvalidDigestException("null");
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new InvalidDigestException(value);
    }
    DigestAlgorithm algorithm =
        DigestAlgorithm.fromId(value.substring(0, colon))
            .orElseThrow(() -> new InvalidDigestException(value));
    return new Digest(algorithm, value.substring(colon + 1));
  }

  /** True when {@code value} parses as a digest. */
  public static boolean isValid(String value) {
    try {
      parse(value);
      return true;
    } catch (InvalidDigestException e) {
      return false;
    }
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return of(DigestAlgorithm.SHA256, bytes);
  }

  /** The digest of {@code bytes} with the given algorithm. */
  public static Digest of(DigestAlgorithm algorithm, byte[] bytes) {
    return fromBytes(algorithm, algorithm.newMessageDigest().digest(bytes));
  }

  /** Wraps a raw hash result. */
  public static Digest fromBytes(DigestAlgorithm algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  @Override
  @JsonValue
  public String toString() {
    return algorithm.id() + ":" + hex;
  }

  /** The first 12 hex characters, as shown to people. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }
}
