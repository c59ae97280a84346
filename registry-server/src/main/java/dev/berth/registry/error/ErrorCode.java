package dev.berth.registry.error;

/**
 * Every error the registry API reports, with the spec's message and HTTP status.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">distribution-spec
 *     error codes</a>
 */
public enum ErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  UNAVAILABLE(503, "service unavailable"),
  TAG_INVALID(400, "manifest tag did not match URI"),
  PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
  RANGE_INVALID(416, "requested range not satisfiable"),
  MANIFEST_TOO_LARGE(413, "manifest too large"),
  BLOB_RANGE_INVALID(416, "requested range not satisfiable"),
  NOT_FOUND(404, "no such API endpoint");

  private final int status;
  private final String message;

  ErrorCode(int status, String message) {
    this.status = status;
    this.message = message;
  }

  /** The HTTP status this error is reported with. */
  public int status() {
    return status;
  }

  /** The spec's human-readable message. */
  public String message() {
    return message;
  }

  /**
   * The code written in the error body. A few conditions share a spec code but not a status: an
   * out-of-order chunk is BLOB_UPLOAD_INVALID with 416, an oversized manifest MANIFEST_INVALID with
   * 413.
   */
  public String wireCode() {
    return switch (this) {
      case RANGE_INVALID -> "BLOB_UPLOAD_INVALID";
      case MANIFEST_TOO_LARGE -> "MANIFEST_INVALID";
      case NOT_FOUND -> "NOT_FOUND";
      case BLOB_RANGE_INVALID -> "RANGE_INVALID";
      default -> name();
    };
  }
}
