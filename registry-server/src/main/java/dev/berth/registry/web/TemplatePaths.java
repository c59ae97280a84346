package dev.berth.registry.web;

import org.springframework.stereotype.Component;

/**
 * {@link WebPaths} for templates, as {@code paths} (link attributes may not call static methods or
 * beans).
 */
@Component
public class TemplatePaths {
  /** The repository page. */
  public String repository(String name) {
    return WebPaths.repository(name);
  }

  /** The repositories page browsing a namespace folder. */
  public String folder(String namespace) {
    return WebPaths.folder(namespace);
  }

  /** A tag's page (it redirects to its manifest). */
  public String tag(String name, String tag) {
    return WebPaths.tag(name, tag);
  }

  /** A manifest's page. */
  public String manifest(String name, String digest) {
    return WebPaths.manifest(name, digest);
  }

  /** A manifest's page reached through a tag. */
  public String manifest(String name, String digest, String tag) {
    return WebPaths.manifest(name, digest, tag);
  }

  /** The file browser at a directory of the image. */
  public String files(String name, String digest, String path) {
    return WebPaths.files(name, digest, path);
  }

  /** A file download. */
  public String download(String name, String digest, String path) {
    return WebPaths.download(name, digest, path);
  }

  /** A layer's change list (1-based). */
  public String layer(String name, String digest, int number) {
    return WebPaths.layer(name, digest, number);
  }

  /** The confirmation page for deleting a tag. */
  public String deleteTag(String name, String tag) {
    return WebPaths.deleteTag(name, tag);
  }

  /** The confirmation page for deleting a manifest. */
  public String deleteManifest(String name, String digest) {
    return WebPaths.deleteManifest(name, digest);
  }

  /** A query-string value, encoded. */
  public String encode(String value) {
    return WebPaths.encode(value);
  }
}
