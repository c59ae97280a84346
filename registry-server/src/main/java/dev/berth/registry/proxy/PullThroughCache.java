package dev.berth.registry.proxy;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.distribution.FetchedManifest;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.oci.distribution.RegistryClientException;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.OpenBlob;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.BlobUnknownException;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.TagService;
import dev.berth.registry.storage.BlobContent;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pull-through cache: in the repositories that mirror another registry ({@code berth.proxy.*}), a
 * pull of a manifest or blob that is not stored here fetches it from there, verifies it against its
 * digest and keeps it, as distribution's proxy mode does. A tag is looked up there again once
 * {@code tag-ttl} has passed; when the remote cannot be reached, what is stored here is served.
 * Every other repository is left alone.
 */
@Service
public class PullThroughCache {
  private static final Logger LOG = LoggerFactory.getLogger(PullThroughCache.class);
  private static final int TAG_LOOKUPS_KEPT = 100_000;

  private final RegistryProperties.Proxy settings;
  private final ManifestService manifests;
  private final BlobService blobs;
  private final BlobStorage storage;
  private final RepositoryService repositories;
  private final TagService tags;
  private final RemoteRegistry remote;
  private final Map<String, Instant> tagLookups = new ConcurrentHashMap<>();

  public PullThroughCache(
      RegistryProperties properties,
      ManifestService manifests,
      BlobService blobs,
      BlobStorage storage,
      RepositoryService repositories,
      TagService tags,
      RemoteRegistry remote) {
    this.settings = properties.proxy();
    this.manifests = manifests;
    this.blobs = blobs;
    this.storage = storage;
    this.repositories = repositories;
    this.tags = tags;
    this.remote = remote;
  }

  /**
   * Brings the manifest {@code reference} of a mirroring repository up to date before it is read:
   * fetches a digest not stored yet, and looks a tag up again when its lookup has expired. Does
   * nothing for other repositories, or for a reference that is not a valid tag or digest (reading
   * it reports the error).
   *
   * @throws RegistryException UNAVAILABLE (or TOOMANYREQUESTS) when the remote fails and nothing is
   *     stored here to serve instead
   */
  public void refreshManifest(RepositoryName repository, String reference) {
    if (!settings.covers(repository)) {
      return;
    }
    if (ManifestService.isDigest(reference)) {
      if (Digest.isValid(reference) && !manifests.contains(repository, Digest.parse(reference))) {
        fetchManifest(repository, reference, null);
      }
      return;
    }
    if (!Tag.isValid(reference)) {
      return;
    }
    String key = repository.value() + ":" + reference;
    Instant now = Instant.now();
    Instant last = tagLookups.get(key);
    if (last != null && now.isBefore(last.plus(settings.tagTtl()))) {
      return;
    }
    Optional<Digest> stored = manifests.tagged(repository, reference);
    try {
      RegistryClient client = remote.repository(settings.remoteName(repository));
      Optional<Digest> current = client.manifestDigest(reference);
      if (current.isEmpty() || !current.equals(stored)) {
        store(repository, client.manifest(reference), reference);
      }
    } catch (IOException e) {
      if (stored.isEmpty()) {
        throw failure(repository, "manifest " + reference, e);
      }
      // Served as stored until the next lookup is due: a remote that is down is not asked (or
      // logged about) on every pull.
      remember(key, now);
      LOG.warn(
          "serving {}:{} as stored until {}: {} failed: {}",
          repository,
          reference,
          now.plus(settings.tagTtl()),
          remote.describe(),
          e.getMessage());
      return;
    }
    remember(key, now);
  }

  private void remember(String tagKey, Instant lookedUp) {
    if (tagLookups.size() >= TAG_LOOKUPS_KEPT) {
      tagLookups.clear();
    }
    tagLookups.put(tagKey, lookedUp);
  }

  /**
   * Up to {@code n} tags after {@code last}: for a mirroring repository the remote's, as
   * distribution's proxy mode lists them (what is stored here when the remote cannot say).
   *
   * @param n the page size; {@code max} means the client did not limit it
   */
  public RepositoryService.Page listTags(RepositoryName repository, int n, int max, String last) {
    if (!settings.covers(repository) || n == 0) {
      return tags.list(repository, n, last);
    }
    try {
      RegistryClient.TagPage page =
          remote.repository(settings.remoteName(repository)).tags(n == max ? 0 : n, last);
      List<String> names = page.tags();
      if (names.size() > n) {
        return new RepositoryService.Page(names.subList(0, n), true);
      }
      return new RepositoryService.Page(names, page.more() && !names.isEmpty());
    } catch (IOException e) {
      LOG.warn(
          "listing the stored tags of {}: {} failed: {}",
          repository,
          remote.describe(),
          e.getMessage());
      return tags.list(repository, n, last);
    }
  }

  /**
   * Opens a blob: the stored copy, or for a mirroring repository the remote's, streamed to the
   * caller and stored as it passes.
   */
  public OpenBlob openBlob(RepositoryName repository, Digest digest) {
    if (!settings.covers(repository)) {
      return blobs.open(repository, digest);
    }
    try {
      return blobs.open(repository, digest);
    } catch (BlobUnknownException notHere) {
      // fetched below
    }
    RegistryClient client = remote.repository(settings.remoteName(repository));
    long size;
    try {
      size = client.blobSize(digest);
    } catch (IOException e) {
      throw failure(repository, "blob " + digest, e);
    }
    if (size < 0) {
      throw new RegistryException(
          ErrorCode.UNAVAILABLE,
          remote.describe() + " did not give the size of " + digest + " (no Content-Length)");
    }
    if (blobs.linkStored(repository, digest, size)) {
      return blobs.open(repository, digest); // stored for another repository already
    }
    return new OpenBlob(new RemoteBlob(repository, client, digest, size));
  }

  private void fetchManifest(RepositoryName repository, String reference, String tag) {
    try {
      RegistryClient client = remote.repository(settings.remoteName(repository));
      store(repository, client.manifest(reference), tag);
    } catch (IOException e) {
      throw failure(repository, "manifest " + reference, e);
    }
  }

  private void store(RepositoryName repository, FetchedManifest fetched, String tag) {
    manifests.storeFetched(repository, fetched.digest(), fetched.mediaType(), fetched.bytes(), tag);
  }

  /**
   * Downloads a whole blob into storage (for a range request, which cannot be streamed through).
   */
  private void fetchWhole(
      RepositoryName repository, RegistryClient client, Digest digest, long size) {
    try (InputStream in = fetching(repository, client, digest, size)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw failure(repository, "blob " + digest, e);
    }
  }

  private InputStream fetching(
      RepositoryName repository, RegistryClient client, Digest digest, long size)
      throws IOException {
    InputStream body = client.blob(digest, 0).body();
    return new FetchingInputStream(
        body,
        storage,
        digest,
        size,
        (stored, length) -> blobs.link(repositories.findOrCreate(repository), stored, length));
  }

  private RegistryException failure(RepositoryName repository, String what, IOException e) {
    if (e instanceof RegistryClientException remoteError) {
      switch (remoteError.status()) {
        case 404 -> {
          return what.startsWith("blob ")
              ? new BlobUnknownException(Digest.parse(what.substring(5)))
              : new RegistryException(
                  ErrorCode.MANIFEST_UNKNOWN,
                  what + " of " + repository + " is not in " + remote.describe());
        }
        case 429 -> {
          return new RegistryException(
              ErrorCode.TOOMANYREQUESTS, remote.describe() + " limits requests: " + e.getMessage());
        }
        default -> {
          // below
        }
      }
    }
    return new RegistryException(
        ErrorCode.UNAVAILABLE,
        "cannot fetch "
            + what
            + " of "
            + repository
            + " from "
            + remote.describe()
            + ": "
            + e.getMessage());
  }

  /** A blob not stored yet: its size from the remote, its bytes fetched when read. */
  private final class RemoteBlob implements BlobContent {
    private final RepositoryName repository;
    private final RegistryClient client;
    private final Digest digest;
    private final long size;

    RemoteBlob(RepositoryName repository, RegistryClient client, Digest digest, long size) {
      this.repository = repository;
      this.client = client;
      this.digest = digest;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public InputStream openStream(long offset) throws IOException {
      if (offset == 0) {
        return fetching(repository, client, digest, size);
      }
      try {
        fetchWhole(repository, client, digest, size);
        return blobs.open(repository, digest).openStream(offset);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
