package dev.berth.registry.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the UI's URLs, so templates and controllers agree on them. Names, tags and digests use
 * only URL-safe characters by their grammars; free text (file paths, search terms) goes in the
 * query string, encoded here.
 */
public final class WebPaths {
  private WebPaths() {}

  /** The repository page. */
  public static String repository(String name) {
    return "/r/" + name;
  }

  /** The repositories page browsing a namespace folder. */
  public static String folder(String namespace) {
    return namespace.isEmpty() ? "/" : "/?ns=" + encode(namespace);
  }

  /** A tag's page (it redirects to its manifest). */
  public static String tag(String name, String tag) {
    return repository(name) + "/-/tags/" + tag;
  }

  /** A manifest's page. */
  public static String manifest(String name, String digest) {
    return repository(name) + "/-/manifests/" + digest;
  }

  /** A manifest's page reached through a tag. */
  public static String manifest(String name, String digest, String tag) {
    return tag == null ? manifest(name, digest) : manifest(name, digest) + "?tag=" + encode(tag);
  }

  /** The file browser at a directory of the image. */
  public static String files(String name, String digest, String path) {
    String base = manifest(name, digest) + "/files";
    return path == null || path.isEmpty() ? base : base + "?path=" + encode("/" + path);
  }

  /** A file download. */
  public static String download(String name, String digest, String path) {
    return manifest(name, digest) + "/download?path=" + encode("/" + path);
  }

  /** A layer's change list (1-based). */
  public static String layer(String name, String digest, int number) {
    return manifest(name, digest) + "/layers/" + number;
  }

  /** The confirmation page for deleting a tag. */
  public static String deleteTag(String name, String tag) {
    return tag(name, tag) + "/delete";
  }

  /** The confirmation page for deleting a manifest. */
  public static String deleteManifest(String name, String digest) {
    return manifest(name, digest) + "/delete";
  }

  /** A query-string value, encoded. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }
}
