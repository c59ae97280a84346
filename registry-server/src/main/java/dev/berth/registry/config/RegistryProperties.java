package dev.berth.registry.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every registry setting, under the one prefix {@code berth}.
 *
 * @param dataDir the one directory that holds blobs, uploads and the embedded database
 * @param deleteEnabled when false, every delete path answers 405 UNSUPPORTED
 * @param manifestMaxBytes manifests larger than this are refused with 413
 * @param paginationMax the largest {@code n} a list request may ask for
 * @param manifestCacheEntries how many manifests to keep in memory for fast pulls
 * @param tagCacheTtl how long a tag lookup may be served from memory (bounds staleness between
 *     replicas; a write on this replica invalidates at once)
 * @param upload upload-session settings
 */
@ConfigurationProperties("berth")
public record RegistryProperties(
    Path dataDir,
    boolean deleteEnabled,
    long manifestMaxBytes,
    int paginationMax,
    int manifestCacheEntries,
    Duration tagCacheTtl,
    Upload upload) {

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
  }

  /**
   * Upload-session settings.
   *
   * @param purgeAfter sessions untouched this long are abandoned and purged with their data
   * @param purgeInterval how often to look for abandoned sessions
   */
  public record Upload(Duration purgeAfter, Duration purgeInterval) {}
}
