package dev.berth.oci.distribution;

/** The registry refused our credentials, or wants credentials we do not have. */
public class RegistryAuthenticationException extends RegistryClientException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthenticationException(int status, String message) {
    super(status, message);
  }
}
