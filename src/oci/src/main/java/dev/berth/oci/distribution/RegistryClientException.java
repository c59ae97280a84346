package dev.berth.oci.distribution;

import java.io.IOException;

/** A registry answered with an error; the message carries the status and the spec error codes. */
public class RegistryClientException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public RegistryClientException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status, or 0 when the failure happened before a response. */
  public int status() {
    return status;
  }
}
