package dev.berth.registry.error;

/** No manifest with that tag or digest in this repository. */
public class ManifestUnknownException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public ManifestUnknownException(String repository, String reference) {
    super(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: " + repository + ":" + reference);
  }
}
