package dev.berth.registry.api;

import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code n} and {@code last} query parameters of list endpoints, and the {@code Link} header
 * that points at the next page.
 *
 * @param n page size asked for (or the maximum when absent)
 * @param last the last entry of the previous page, or null
 */
record Pagination(int n, String last) {

  /** Reads and bounds the parameters; a huge or malformed {@code n} is refused, not allocated. */
  static Pagination from(HttpServletRequest request, int max) {
    QueryParameters query = QueryParameters.of(request);
    String nText = query.first("n").orElse(null);
    int n = max;
    if (nText != null && !nText.isEmpty()) {
      try {
        long parsed = Long.parseLong(nText);
        if (parsed < 0 || parsed > max) {
          throw invalid(nText, max);
        }
        n = (int) parsed;
      } catch (NumberFormatException e) {
        throw invalid(nText, max);
      }
    }
    return new Pagination(n, query.first("last").orElse(null));
  }

  /** {@code <path?n=N&last=LAST>; rel="next"}. */
  String nextLink(String path, String lastOfPage) {
    return "<"
        + path
        + "?n="
        + n
        + "&last="
        + URLEncoder.encode(lastOfPage, StandardCharsets.UTF_8)
        + ">; rel=\"next\"";
  }

  private static RegistryException invalid(String n, int max) {
    return new RegistryException(
        ErrorCode.PAGINATION_NUMBER_INVALID,
        "n must be an integer from 0 to " + max + ", got " + abbreviate(n));
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
