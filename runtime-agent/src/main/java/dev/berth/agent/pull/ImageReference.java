package dev.berth.agent.pull;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.Locale;
import java.util.Objects;

/**
 * An image reference {@code [host[:port]/]repository[:tag][@digest]}, normalised as podman and
 * docker do: a name whose first component is not a host (no {@code .} or {@code :}, not {@code
 * localhost}) is on {@code docker.io}, single-component Docker Hub names are in {@code library/},
 * and a reference without tag or digest means {@code :latest}.
 *
 * @param registry host and optional port, such as {@code 127.0.0.1:5000} or {@code docker.io}
 * @param repository the repository path inside the registry
 * @param tag the tag, or null when pulling by digest only
 * @param digest the manifest digest, or null when pulling by tag
 * @see <a
 *     href="https://github.com/distribution/reference/blob/main/reference.go">distribution/reference
 *     grammar</a>
 */
public record ImageReference(
    String registry, RepositoryName repository, String tag, Digest digest) {
  /** The registry of names without a host, as Docker and podman's default search registry. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String DEFAULT_TAG = "latest";

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("a reference needs a tag or a digest");
    }
  }

  /**
   * Parses a reference as typed by a user.
   *
   * @throws IllegalArgumentException with a message that says which part is wrong
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digestText = rest.substring(at + 1);
      if (!Digest.isValid(digestText)) {
        throw new IllegalArgumentException(
            "invalid digest in image reference " + text + ": " + digestText);
      }
      digest = Digest.parse(digestText);
      rest = rest.substring(0, at);
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash >= 0 && isHost(rest.substring(0, slash))) {
      registry = rest.substring(0, slash);
      rest = rest.substring(slash + 1);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!Tag.isValid(tag)) {
        throw new IllegalArgumentException("invalid tag in image reference " + text + ": " + tag);
      }
    }
    if (registry.equals(DOCKER_HUB) && rest.indexOf('/') < 0) {
      rest = "library/" + rest;
    }
    if (!RepositoryName.isValid(rest)) {
      throw new IllegalArgumentException(
          "invalid repository name in image reference "
              + text
              + ": '"
              + rest
              + "' (lowercase letters, digits and . _ - separators, components joined by /)");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, new RepositoryName(rest), tag, digest);
  }

  /** True when the first name component names a registry rather than a repository. */
  static boolean isHost(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost");
  }

  /** The host the registry API is served from: Docker Hub's API lives on its own host. */
  public String apiHost() {
    return apiHostOf(registry);
  }

  /** The API host of a registry name. */
  public static String apiHostOf(String registry) {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** The manifest reference used in the API path: the digest when given, else the tag. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The name an image pulled by this reference is known by locally. */
  public String name() {
    return registry + "/" + repository + (tag != null ? ":" + tag : "@" + digest);
  }

  /** The host without its port. */
  public String hostname() {
    return hostnameOf(registry);
  }

  /** True for hosts that are plain HTTP by default: the loopback interface. */
  public static boolean isLoopback(String registry) {
    String host = hostnameOf(registry).toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  static String hostnameOf(String registry) {
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      return end > 0 ? registry.substring(1, end) : registry;
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }
}
