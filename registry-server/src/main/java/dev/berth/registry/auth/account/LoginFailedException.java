package dev.berth.registry.auth.account;

/** Credentials were wrong, unknown, or belong to an expired robot; the message never says which. */
public class LoginFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LoginFailedException() {
    super("invalid username or password");
  }
}
