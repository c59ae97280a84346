package dev.berth.registry.config;

import dev.berth.oci.RepositoryName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every registry setting, under the one prefix {@code berth}.
 *
 * @param dataDir the one directory that holds blobs, uploads and the embedded database
 * @param deleteEnabled when false, every delete path answers 405 UNSUPPORTED
 * @param readOnly when true (maintenance: a backup, a migration), every push, upload and delete
 *     answers 405 UNSUPPORTED while pulls go on, and garbage collection and the purge of abandoned
 *     uploads wait
 * @param manifestMaxBytes manifests larger than this are refused with 413
 * @param paginationMax the largest {@code n} a list request may ask for
 * @param manifestCacheEntries how many manifests to keep in memory for fast pulls
 * @param tagCacheTtl how long a tag lookup may be served from memory (bounds staleness between
 *     replicas; a write on this replica invalidates at once)
 * @param upload upload-session settings
 * @param proxy pull-through cache settings (off unless {@code berth.proxy.remote-url} is set)
 * @param immutableTags rules {@code REPOSITORY:TAG} (with {@code *} and {@code **}) for tags that
 *     may not move or be deleted once pushed, such as {@code release/**:v*}
 */
@ConfigurationProperties("berth")
public record RegistryProperties(
    Path dataDir,
    boolean deleteEnabled,
    boolean readOnly,
    long manifestMaxBytes,
    int paginationMax,
    int manifestCacheEntries,
    Duration tagCacheTtl,
    Upload upload,
    Proxy proxy,
    List<String> immutableTags) {

  /** Whether deletes are allowed: deletion enabled and the registry not read-only. */
  public boolean deletesAllowed() {
    return deleteEnabled && !readOnly;
  }

  public RegistryProperties {
    dataDir = (dataDir == null ? Path.of("data") : dataDir).toAbsolutePath().normalize();
    if (manifestMaxBytes <= 0) {
      manifestMaxBytes = 4L * 1024 * 1024;
    }
    if (paginationMax <= 0) {
      paginationMax = 10_000;
    }
    if (tagCacheTtl == null) {
      tagCacheTtl = Duration.ofSeconds(2);
    }
    if (upload == null) {
      upload = new Upload(Duration.ofHours(24), Duration.ofMinutes(15));
    }
    if (proxy == null) {
      proxy = new Proxy(null, null, null, null, null, null);
    }
    immutableTags = immutableTags == null ? List.of() : List.copyOf(immutableTags);
  }

  /**
   * Upload-session settings.
   *
   * @param purgeAfter sessions untouched this long are abandoned and purged with their data
   * @param purgeInterval how often to look for abandoned sessions
   */
  public record Upload(Duration purgeAfter, Duration purgeInterval) {}

  /**
   * Pull-through cache: the repositories under {@code namespace} mirror those of another registry.
   * A pull of something not stored yet fetches it from there, verifies it and keeps it; a tag is
   * looked up there again once {@code tagTtl} has passed since the last look (and served from here
   * when the other registry cannot be reached). Those repositories refuse pushes.
   *
   * @param remoteUrl the other registry, such as {@code https://registry-1.docker.io}; none: off
   * @param namespace the first path component of the repositories that mirror it, such as {@code
   *     hub} ({@code hub/library/alpine} is {@code library/alpine} there); empty: every repository
   * @param username credentials for the other registry (its token service or Basic), if it needs
   *     them
   * @param password the password or access token that goes with {@code username}
   * @param tagTtl how long a tag looked up there is trusted before it is looked up again
   * @param readTimeout how long a blob download from there may wait for its next bytes before it is
   *     abandoned (a stalled remote must not hold a request, and its thread, for good)
   */
  public record Proxy(
      URI remoteUrl,
      String namespace,
      String username,
      String password,
      Duration tagTtl,
      Duration readTimeout) {
    private static final Set<String> DOCKER_HUB =
        Set.of("registry-1.docker.io", "docker.io", "index.docker.io");

    public Proxy {
      if (remoteUrl != null) {
        String scheme = remoteUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || remoteUrl.getHost() == null) {
          throw new IllegalArgumentException(
              "berth.proxy.remote-url must be an http:// or https:// URL, not " + remoteUrl);
        }
      }
      namespace = namespace == null ? "" : namespace.strip();
      if (namespace.contains("/") || !namespace.isEmpty() && !RepositoryName.isValid(namespace)) {
        throw new IllegalArgumentException(
            "berth.proxy.namespace must be one repository path component, not '" + namespace + "'");
      }
      username = username == null || username.isBlank() ? null : username;
      if (tagTtl == null) {
        tagTtl = Duration.ofMinutes(1);
      }
      if (readTimeout == null) {
        readTimeout = Duration.ofSeconds(60);
      }
    }

    /** True when {@code repository} mirrors the other registry. */
    public boolean covers(RepositoryName repository) {
      return remoteUrl != null
          && (namespace.isEmpty() || repository.value().startsWith(namespace + "/"));
    }

    /**
     * The name {@code repository} has at the other registry: without the namespace, and with Docker
     * Hub's {@code library/} for its one-component official images.
     */
    public String remoteName(RepositoryName repository) {
      String name =
          namespace.isEmpty()
              ? repository.value()
              : repository.value().substring(namespace.length() + 1);
      if (!name.contains("/") && DOCKER_HUB.contains(remoteUrl.getHost())) {
        return "library/" + name;
      }
      return name;
    }
  }
}
