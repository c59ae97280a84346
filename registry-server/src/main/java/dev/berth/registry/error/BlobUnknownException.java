package dev.berth.registry.error;

import dev.berth.oci.Digest;

/** The blob does not exist in this repository (or its stored file is missing or damaged). */
public class BlobUnknownException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public BlobUnknownException(Digest digest) {
    super(ErrorCode.BLOB_UNKNOWN, "blob unknown: " + digest);
  }
}
