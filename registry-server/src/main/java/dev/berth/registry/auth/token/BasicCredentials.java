package dev.berth.registry.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A name and password from an {@code Authorization: Basic} header.
 *
 * @param username the name before the first colon
 * @param password everything after it
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7617">RFC 7617</a>
 */
public record BasicCredentials(String username, String password) {
  /** The credentials in the header value, if it is a well-formed Basic one. */
  public static Optional<BasicCredentials> parse(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** The bearer token in the header value, if it is a Bearer one. */
  public static Optional<String> bearer(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  @Override
  public String toString() {
    return "BasicCredentials[" + username + ", ***]";
  }
}
