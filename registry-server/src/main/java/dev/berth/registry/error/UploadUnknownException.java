package dev.berth.registry.error;

/** No upload session with that id for this repository. */
public class UploadUnknownException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public UploadUnknownException(String id) {
    super(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload unknown: " + id);
  }
}
