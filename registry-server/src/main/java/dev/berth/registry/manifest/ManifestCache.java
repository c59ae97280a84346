package dev.berth.registry.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.config.RegistryProperties;
import org.springframework.stereotype.Component;

/**
 * Keeps hot manifests in memory so that pulls need no database or disk access.
 *
 * <p>Content is cached by digest and never goes stale (a digest names its bytes). What a tag or
 * digest resolves to in a repository can change; writes on this replica invalidate it at once, and
 * a short time-to-live bounds how long another replica's write goes unseen.
 */
@Component
public class ManifestCache {
  private final Cache<String, StoredManifest> contents;
  private final Cache<String, String> resolutions;

  public ManifestCache(RegistryProperties properties) {
    this.contents =
        Caffeine.newBuilder()
            .maximumWeight(contentBudget(Runtime.getRuntime().maxMemory()))
            .<String, StoredManifest>weigher((key, value) -> value.content().length + 256)
            .build();
    this.resolutions =
        Caffeine.newBuilder()
            .maximumSize(properties.manifestCacheEntries())
            .expireAfterWrite(properties.tagCacheTtl())
            .build();
  }

  /**
   * Bytes of manifest content to keep: 64 MiB, but never more than an eighth of the heap, so that a
   * registry run lean (bin/registry gives it 96 MiB) cannot fill its heap with cached manifests.
   */
  static long contentBudget(long maxHeap) {
    return Math.min(64L * 1024 * 1024, maxHeap / 8);
  }

  StoredManifest content(String digest) {
    return contents.getIfPresent(digest);
  }

  void putContent(StoredManifest manifest) {
    contents.put(manifest.digest().toString(), manifest);
  }

  String resolution(String repository, String reference) {
    return resolutions.getIfPresent(key(repository, reference));
  }

  void putResolution(String repository, String reference, String digest) {
    resolutions.put(key(repository, reference), digest);
  }

  void invalidate(String repository, String reference) {
    resolutions.invalidate(key(repository, reference));
  }

  private static String key(String repository, String reference) {
    return repository + '\u0000' + reference;
  }
}
