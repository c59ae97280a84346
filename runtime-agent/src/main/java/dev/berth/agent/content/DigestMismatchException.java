package dev.berth.agent.content;

import dev.berth.oci.Digest;
import java.io.IOException;

/** Content whose size or digest differs from what its descriptor promised. */
public class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(
      String what, Digest expected, long expectedSize, Digest actual, long actualSize) {
    super(
        what
            + " does not match its descriptor: expected "
            + expected
            + " ("
            + expectedSize
            + " bytes), got "
            + actual
            + " ("
            + actualSize
            + " bytes)");
  }

  public DigestMismatchException(String message) {
    super(message);
  }
}
