package dev.berth.oci;

/** A string that is not a digest of a supported algorithm. */
public class InvalidDigestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidDigestException(String value) {
    super("invalid digest: " + abbreviate(value));
  }

  private static String abbreviate(String value) {
    return value.length() > 200 ? value.substring(0, 200) + "…" : value;
  }
}
