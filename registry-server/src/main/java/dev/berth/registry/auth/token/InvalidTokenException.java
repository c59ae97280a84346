package dev.berth.registry.auth.token;

/** A bearer or refresh token that is malformed, forged, expired, or meant for another service. */
public class InvalidTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message) {
    super(message);
  }
}
