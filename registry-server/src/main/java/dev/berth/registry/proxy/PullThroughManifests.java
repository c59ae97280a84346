package dev.berth.registry.proxy;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.distribution.FetchedManifest;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.manifest.ManifestService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Manifests of the repositories that mirror another registry ({@code berth.proxy.*}): a digest not
 * stored yet is fetched from the remote, verified and kept; a tag is looked up there again ({@code
 * HEAD}, then the manifest if it moved) once {@code tag-ttl} has passed, and served as stored when
 * the remote cannot be reached.
 */
@Service
public class PullThroughManifests {
  private static final Logger LOG = LoggerFactory.getLogger(PullThroughManifests.class);
  private static final int TAG_LOOKUPS_KEPT = 100_000;

  private final ManifestService manifests;
  private final RemoteRegistry remote;
  private final Duration tagTtl;
  private final Map<String, Instant> tagLookups = new ConcurrentHashMap<>();

  public PullThroughManifests(
      ManifestService manifests, RemoteRegistry remote, RegistryProperties properties) {
    this.manifests = manifests;
    this.remote = remote;
    this.tagTtl = properties.proxy().tagTtl();
  }

  /**
   * Brings the manifest {@code reference} of a mirroring repository up to date before it is read.
   * Does nothing for other repositories, or for a reference that is not a valid tag or digest
   * (reading it reports the error).
   *
   * @throws RegistryException UNAVAILABLE (or TOOMANYREQUESTS) when the remote fails and nothing is
   *     stored here to serve instead
   */
  public void refresh(RepositoryName repository, String reference) {
    if (!remote.mirrors(repository)) {
      return;
    }
    if (ManifestService.isDigest(reference)) {
      if (Digest.isValid(reference) && !manifests.contains(repository, Digest.parse(reference))) {
        fetch(repository, reference);
      }
      return;
    }
    if (Tag.isValid(reference)) {
      lookUpTag(repository, reference);
    }
  }

  private void fetch(RepositoryName repository, String digest) {
    try {
      store(repository, remote.mirrorOf(repository).manifest(digest), null);
    } catch (IOException e) {
      throw remote.failure("manifest " + digest + " of " + repository, e, () -> unknown(digest));
    }
  }

  private void lookUpTag(RepositoryName repository, String tag) {
    String key = repository.value() + ":" + tag;
    Instant now = Instant.now();
    Instant last = tagLookups.get(key);
    if (last != null && now.isBefore(last.plus(tagTtl))) {
      return;
    }
    Optional<Digest> stored = manifests.tagged(repository, tag);
    try {
      RegistryClient client = remote.mirrorOf(repository);
      Optional<Digest> current = client.manifestDigest(tag);
      if (current.isEmpty() || !current.equals(stored)) {
        store(repository, client.manifest(tag), tag);
      }
    } catch (IOException e) {
      if (stored.isEmpty()) {
        throw remote.failure("manifest " + tag + " of " + repository, e, () -> unknown(tag));
      }
      // Served as stored until the next lookup is due: a remote that is down is not asked (or
      // logged about) on every pull.
      LOG.warn(
          "serving {}:{} as stored until {}: {} failed: {}",
          repository,
          tag,
          now.plus(tagTtl),
          remote.describe(),
          e.getMessage());
    }
    if (tagLookups.size() >= TAG_LOOKUPS_KEPT) {
      tagLookups.clear();
    }
    tagLookups.put(key, now);
  }

  private void store(RepositoryName repository, FetchedManifest fetched, String tag) {
    manifests.storeFetched(repository, fetched.digest(), fetched.mediaType(), fetched.bytes(), tag);
  }

  private RegistryException unknown(String reference) {
    return new RegistryException(
        ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not in " + remote.describe());
  }
}
