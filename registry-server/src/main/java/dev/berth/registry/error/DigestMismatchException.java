package dev.berth.registry.error;

import dev.berth.oci.Digest;

/** Uploaded content does not hash to the digest the client named. */
public class DigestMismatchException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(Digest expected, Digest actual) {
    super(
        ErrorCode.DIGEST_INVALID,
        "digest mismatch: client said " + expected + " but content is " + actual);
  }
}
