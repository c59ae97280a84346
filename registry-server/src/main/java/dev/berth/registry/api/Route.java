package dev.berth.registry.api;

/**
 * A parsed {@code /v2/} request path: which endpoint, for which repository, about what.
 *
 * @param endpoint the endpoint family
 * @param name the repository name (unvalidated text; empty for BASE and CATALOG)
 * @param reference tag or digest (manifests), digest (blobs, referrers), upload id, or empty
 */
public record Route(Endpoint endpoint, String name, String reference) {

  /** The endpoints of the distribution API. */
  public enum Endpoint {
    BASE,
    CATALOG,
    TAGS,
    MANIFEST,
    BLOB,
    UPLOADS,
    UPLOAD,
    REFERRERS
  }
}
