package dev.berth.registry.auth;

/** The addressed project, member, robot or user does not exist, or the caller may not see it. */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
