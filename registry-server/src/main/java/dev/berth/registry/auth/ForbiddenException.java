package dev.berth.registry.auth;

/** The caller is signed in but may not do this. */
public class ForbiddenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}
