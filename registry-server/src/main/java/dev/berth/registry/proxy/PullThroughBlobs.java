package dev.berth.registry.proxy;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.distribution.RegistryClient;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.OpenBlob;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.BlobUnknownException;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.storage.BlobContent;
import dev.berth.registry.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.stereotype.Service;

/**
 * Blobs of the repositories that mirror another registry ({@code berth.proxy.*}): one not stored
 * yet streams from the remote to the client and is stored as it passes, kept only when every byte
 * matches its digest. Every other repository's blobs are read as stored.
 */
@Service
public class PullThroughBlobs {
  private final BlobService blobs;
  private final BlobStorage storage;
  private final RepositoryService repositories;
  private final RemoteRegistry remote;
  private final StallWatchdog stalls;

  public PullThroughBlobs(
      BlobService blobs,
      BlobStorage storage,
      RepositoryService repositories,
      RemoteRegistry remote,
      RegistryProperties properties) {
    this.blobs = blobs;
    this.storage = storage;
    this.repositories = repositories;
    this.remote = remote;
    this.stalls = new StallWatchdog(properties.proxy().readTimeout());
  }

  /** Opens a blob: the stored copy, or for a mirroring repository the remote's. */
  public OpenBlob open(RepositoryName repository, Digest digest) {
    if (!remote.mirrors(repository)) {
      return blobs.open(repository, digest);
    }
    try {
      return blobs.open(repository, digest);
    } catch (BlobUnknownException notHere) {
      // fetched below
    }
    RegistryClient client = remote.mirrorOf(repository);
    long size;
    try {
      size = client.blobSize(digest);
    } catch (IOException e) {
      throw failure(repository, digest, e);
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

  private InputStream fetching(
      RepositoryName repository, RegistryClient client, Digest digest, long size)
      throws IOException {
    return new FetchingInputStream(
        stalls.watch(client.blob(digest, 0).body(), "blob " + digest),
        storage,
        digest,
        size,
        (uploadId, stored, length) ->
            blobs.publish(repositories.findOrCreate(repository), uploadId, stored, length));
  }

  private RegistryException failure(RepositoryName repository, Digest digest, IOException e) {
    return remote.failure(
        "blob " + digest + " of " + repository, e, () -> new BlobUnknownException(digest));
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

    /**
     * From the start, the remote's stream (stored as it passes); from further on, the whole blob is
     * fetched and stored first, then read from storage.
     */
    @Override
    public InputStream openStream(long offset) throws IOException {
      if (offset == 0) {
        return fetching(repository, client, digest, size);
      }
      try (InputStream whole = fetching(repository, client, digest, size)) {
        whole.transferTo(OutputStream.nullOutputStream());
      }
      return blobs.open(repository, digest).openStream(offset);
    }
  }
}
