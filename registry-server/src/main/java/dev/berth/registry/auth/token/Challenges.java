package dev.berth.registry.auth.token;

import dev.berth.registry.auth.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Builds {@code WWW-Authenticate} values: the Bearer challenge of the token protocol, naming the
 * realm, the service and the scope the request needs, and the Basic challenge.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication
 *     specification</a>
 */
public final class Challenges {
  public static final String BASIC_REALM = "berth";

  private Challenges() {}

  /** The token endpoint URL: configured, or this server's own {@code /token}. */
  public static String realm(AuthProperties properties, HttpServletRequest request) {
    if (!properties.realm().isEmpty()) {
      return properties.realm();
    }
    return ServletUriComponentsBuilder.fromContextPath(request)
        .replaceQuery(null)
        .path("/token")
        .build()
        .toUriString();
  }

  /**
   * A Bearer challenge.
   *
   * @param scopes the scopes the request needs, such as {@code repository:team/app:pull,push}
   * @param error {@code invalid_token}, {@code insufficient_scope} or null
   */
  public static String bearer(
      AuthProperties properties, HttpServletRequest request, List<String> scopes, String error) {
    StringBuilder value = new StringBuilder("Bearer realm=\"");
    value.append(quoted(realm(properties, request))).append('"');
    value.append(",service=\"").append(quoted(properties.service())).append('"');
    if (!scopes.isEmpty()) {
      value.append(",scope=\"").append(quoted(String.join(" ", scopes))).append('"');
    }
    if (error != null) {
      value.append(",error=\"").append(error).append('"');
    }
    return value.toString();
  }

  /** The Basic challenge. */
  public static String basic() {
    return "Basic realm=\"" + BASIC_REALM + "\", charset=\"UTF-8\"";
  }

  private static String quoted(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
