package dev.berth.registry.auth.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Keeps post-login redirects on this site: only a local absolute path is accepted, never a URL with
 * a scheme or host, a protocol-relative {@code //host}, or a backslash that browsers read as a
 * slash.
 *
 * @see <a
 *     href="https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html">OWASP
 *     unvalidated redirects</a>
 */
public final class SafeRedirect {
  private SafeRedirect() {}

  /** The target when it is a path on this site, or empty. */
  public static Optional<String> localPath(String target) {
    if (target == null || target.isEmpty() || target.length() > 2000) {
      return Optional.empty();
    }
    if (!target.startsWith("/") || target.startsWith("//") || target.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return Optional.empty();
      }
    }
    try {
      URI uri = new URI(target);
      if (uri.getScheme() != null || uri.getRawAuthority() != null) {
        return Optional.empty();
      }
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return Optional.of(target);
  }
}
