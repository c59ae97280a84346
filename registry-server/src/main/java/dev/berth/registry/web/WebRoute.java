package dev.berth.registry.web;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.Optional;

/**
 * A page under {@code /r/}: the repository name (which may contain slashes) and what of it to show,
 * parsed from {@code /r/NAME[/-/WHAT...]}. {@code -} can never be a name component, so the first
 * {@code /-/} always ends the name.
 *
 * @param page which page
 * @param repository the repository
 * @param tag the tag, for tag pages
 * @param digest the manifest digest, for manifest pages
 * @param layer the 1-based layer number, for the layer page
 */
public record WebRoute(Page page, RepositoryName repository, String tag, Digest digest, int layer) {

  /** The pages under {@code /r/}. */
  public enum Page {
    REPOSITORY,
    TAG,
    TAG_DELETE,
    MANIFEST,
    MANIFEST_DELETE,
    FILES,
    DOWNLOAD,
    LAYER
  }

  /** Parses the part of the path after {@code /r/}; empty when it names no page. */
  public static Optional<WebRoute> parse(String rest) {
    String path = rest.startsWith("/") ? rest.substring(1) : rest;
    int separator = path.indexOf("/-/");
    String name = separator < 0 ? stripTrailingSlash(path) : path.substring(0, separator);
    if (!RepositoryName.isValid(name)) {
      return Optional.empty();
    }
    RepositoryName repository = new RepositoryName(name);
    if (separator < 0) {
      return Optional.of(new WebRoute(Page.REPOSITORY, repository, null, null, 0));
    }
    String[] parts = path.substring(separator + 3).split("/", -1);
    if (parts.length < 2) {
      return Optional.empty();
    }
    String kind = parts[0];
    String reference = parts[1];
    String action = parts.length > 2 ? parts[2] : "";
    if (kind.equals("tags") && Tag.isValid(reference)) {
      return switch (parts.length == 2 ? "" : action) {
        case "" -> Optional.of(new WebRoute(Page.TAG, repository, reference, null, 0));
        case "delete" ->
            parts.length == 3
                ? Optional.of(new WebRoute(Page.TAG_DELETE, repository, reference, null, 0))
                : Optional.empty();
        default -> Optional.empty();
      };
    }
    if (kind.equals("manifests") && Digest.isValid(reference)) {
      Digest digest = Digest.parse(reference);
      if (parts.length == 2) {
        return Optional.of(new WebRoute(Page.MANIFEST, repository, null, digest, 0));
      }
      if (parts.length == 3) {
        return switch (action) {
          case "delete" ->
              Optional.of(new WebRoute(Page.MANIFEST_DELETE, repository, null, digest, 0));
          case "files" -> Optional.of(new WebRoute(Page.FILES, repository, null, digest, 0));
          case "download" -> Optional.of(new WebRoute(Page.DOWNLOAD, repository, null, digest, 0));
          default -> Optional.empty();
        };
      }
      if (parts.length == 4 && action.equals("layers") && parts[3].matches("[1-9][0-9]{0,4}")) {
        return Optional.of(
            new WebRoute(Page.LAYER, repository, null, digest, Integer.parseInt(parts[3])));
      }
    }
    return Optional.empty();
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
