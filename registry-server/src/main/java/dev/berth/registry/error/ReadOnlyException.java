package dev.berth.registry.error;

/** The registry is read-only for maintenance ({@code berth.read-only=true}): no push, no delete. */
public class ReadOnlyException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyException() {
    super(
        ErrorCode.UNSUPPORTED,
        "this registry is read-only for maintenance: pulls work, pushes and deletes are refused");
  }
}
