package dev.berth.registry.error;

import java.util.Map;

/**
 * A failure the API reports to the client as the spec's error JSON. Subclasses name the condition;
 * each carries exactly one {@link ErrorCode}.
 */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Object detail;
  private final transient Map<String, String> headers;

  public RegistryException(ErrorCode code, String message) {
    this(code, message, null, Map.of());
  }

  public RegistryException(
      ErrorCode code, String message, Object detail, Map<String, String> headers) {
    super(message);
    this.code = code;
    this.detail = detail;
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra structured detail for the error body, or null. */
  public Object detail() {
    return detail;
  }

  /** Response headers the spec requires with this error (such as {@code Range} on a 416). */
  public Map<String, String> headers() {
    return headers;
  }
}
