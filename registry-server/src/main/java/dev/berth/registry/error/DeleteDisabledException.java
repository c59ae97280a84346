package dev.berth.registry.error;

/** Deletion is switched off by configuration ({@code berth.delete-enabled=false}). */
public class DeleteDisabledException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public DeleteDisabledException() {
    super(ErrorCode.UNSUPPORTED, "deletion is disabled on this registry");
  }
}
