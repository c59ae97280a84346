package dev.berth.registry.auth;

/** A form or request value is not acceptable; the message says why. */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }
}
