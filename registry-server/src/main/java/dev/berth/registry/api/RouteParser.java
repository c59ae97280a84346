package dev.berth.registry.api;

import dev.berth.registry.api.Route.Endpoint;
import java.util.Arrays;
import java.util.Optional;

/**
 * Parses a raw {@code /v2/…} path into a {@link Route}. Repository names contain slashes, so the
 * endpoint is recognised from the fixed suffix and everything before it is the name, exactly as the
 * distribution-spec's endpoint table reads.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints">distribution-spec
 *     endpoints</a>
 */
public final class RouteParser {
  private static final String PREFIX = "/v2/";

  private RouteParser() {}

  /** The route for {@code path}, or empty when the path is no API endpoint. */
  public static Optional<Route> parse(String path) {
    if (path.equals("/v2") || path.equals(PREFIX)) {
      return Optional.of(new Route(Endpoint.BASE, "", ""));
    }
    if (!path.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("_catalog")) {
      return Optional.of(new Route(Endpoint.CATALOG, "", ""));
    }
    String[] segments = rest.split("/", -1);
    int n = segments.length;
    if (n >= 3 && segments[n - 1].isEmpty() && isPair(segments, n - 3, "blobs", "uploads")) {
      return route(Endpoint.UPLOADS, segments, n - 3, "");
    }
    if (n >= 3 && isPair(segments, n - 2, "blobs", "uploads")) {
      return route(Endpoint.UPLOADS, segments, n - 2, "");
    }
    if (n >= 4 && isPair(segments, n - 3, "blobs", "uploads")) {
      return route(Endpoint.UPLOAD, segments, n - 3, segments[n - 1]);
    }
    if (n >= 3 && isPair(segments, n - 2, "tags", "list")) {
      return route(Endpoint.TAGS, segments, n - 2, "");
    }
    if (n >= 3) {
      String last = segments[n - 1];
      switch (segments[n - 2]) {
        case "manifests":
          return route(Endpoint.MANIFEST, segments, n - 2, last);
        case "blobs":
          return route(Endpoint.BLOB, segments, n - 2, last);
        case "referrers":
          return route(Endpoint.REFERRERS, segments, n - 2, last);
        default:
          break;
      }
    }
    return Optional.empty();
  }

  private static boolean isPair(String[] segments, int at, String first, String second) {
    return at >= 1 && segments[at].equals(first) && segments[at + 1].equals(second);
  }

  private static Optional<Route> route(
      Endpoint endpoint, String[] segments, int nameEnd, String reference) {
    if (reference.isEmpty() && endpoint != Endpoint.UPLOADS && endpoint != Endpoint.TAGS) {
      return Optional.empty();
    }
    String name = String.join("/", Arrays.copyOfRange(segments, 0, nameEnd));
    return Optional.of(new Route(endpoint, name, reference));
  }
}
