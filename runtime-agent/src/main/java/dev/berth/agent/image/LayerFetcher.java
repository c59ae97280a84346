package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.content.Ingest;
import dev.berth.agent.snapshot.SnapshotStore;
import dev.berth.agent.state.FileTrees;
import dev.berth.agent.unpack.Decompression;
import dev.berth.agent.unpack.DirectoryInheritance;
import dev.berth.agent.unpack.LayerApplier;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestingInputStream;
import dev.berth.oci.distribution.BlobResponse;
import dev.berth.oci.distribution.RegistryClient;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns one layer descriptor into a committed snapshot in a single streaming pass: the registry
 * response is appended to the content store's ingest file and hashed (compressed digest) while it
 * is decompressed, hashed again (diff ID) and applied to a temporary directory. Only when both
 * digests match is the blob committed and the directory renamed into the snapshot store; on any
 * failure the directory is deleted. A partial download is kept after a network failure and resumed
 * with an HTTP {@code Range}; its bytes are re-read from disk into the same pass.
 */
final class LayerFetcher {
  private static final int DRAIN_BUFFER = 64 * 1024;
  private static final int TAR_BUFFER = 64 * 1024;

  private final ContentStore content;
  private final SnapshotStore snapshots;
  private final LayerApplier applier;
  private final DirectoryInheritance inheritance;

  /**
   * At most one layer is unpacked per core: unpacking is CPU work (inflate, two digests, a few
   * system calls per file), and 20 small layers on 2 cores unpack in about 0.75 of the time with
   * two at once (measured; three at once was slower again). Layers beyond that download into the
   * content store meanwhile and unpack from there when their turn comes.
   */
  private final Semaphore unpacking = new Semaphore(Runtime.getRuntime().availableProcessors());

  LayerFetcher(
      ContentStore content,
      SnapshotStore snapshots,
      LayerApplier applier,
      DirectoryInheritance inheritance) {
    this.content = content;
    this.snapshots = snapshots;
    this.applier = applier;
    this.inheritance = inheritance;
  }

  /**
   * Downloads (or reads from the content store), verifies and unpacks a layer into a temporary
   * directory, unless its snapshot already exists.
   *
   * @return the unpacked layer, to be passed to {@link #commit} once the layers below are
   *     committed; empty when the snapshot already exists
   */
  Optional<Prepared> prepare(
      RegistryClient client, Descriptor layer, Digest diffId, Digest chainId, PullListener listener)
      throws IOException {
    if (snapshots.exists(chainId)) {
      listener.layerExists(layer);
      return Optional.empty();
    }
    ReentrantLock lock = content.lock(layer.digest());
    lock.lock();
    try {
      if (snapshots.exists(chainId)) {
        listener.layerExists(layer);
        return Optional.empty();
      }
      Path temporary = snapshots.newTemporary();
      try {
        Applied applied = unpack(client, layer, diffId, temporary, listener);
        return Optional.of(
            new Prepared(temporary, chainId, applied.implicitDirectories(), applied.size()));
      } catch (IOException | RuntimeException | Error e) {
        FileTrees.delete(temporary);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives implicit parent directories their lower-layer metadata and renames the layer into the
   * snapshot store.
   *
   * @param lowers the committed snapshots below this layer, top first
   */
  void commit(Prepared prepared, List<Path> lowers) throws IOException {
    try {
      inheritance.apply(prepared.directory(), prepared.implicitDirectories(), lowers);
      snapshots.commit(prepared.directory(), prepared.chainId());
    } finally {
      FileTrees.delete(prepared.directory()); // no-op after a successful commit
    }
  }

  /**
   * A verified layer unpacked into a temporary directory.
   *
   * @param directory the temporary directory
   * @param chainId the snapshot it will become
   * @param implicitDirectories parents created without an entry of their own
   * @param size the uncompressed size
   */
  record Prepared(Path directory, Digest chainId, List<String> implicitDirectories, long size) {}

  private Applied unpack(
      RegistryClient client, Descriptor layer, Digest diffId, Path temporary, PullListener listener)
      throws IOException {
    Optional<Path> local = content.find(layer.digest());
    long[] fetched = {0, 0}; // downloaded, resumed from
    if (local.isEmpty()) {
      try (Ingest ingest = content.openIngest(layer)) {
        // another process may have committed the blob while we waited for the ingest lock
        if (content.find(layer.digest()).isEmpty()) {
          if (unpacking.tryAcquire()) {
            try {
              return download(client, layer, diffId, temporary, listener, ingest);
            } finally {
              unpacking.release();
            }
          }
          // another layer is being unpacked: download meanwhile, unpack when it is our turn
          fetched = spool(client, layer, ingest);
        }
      }
      local = content.find(layer.digest());
    }
    try {
      unpacking.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("pull interrupted");
    }
    try {
      Applied applied = unpackStored(local.orElseThrow(), layer, diffId, temporary);
      listener.layerUnpacked(layer, fetched[0], fetched[1]);
      return applied;
    } finally {
      unpacking.release();
    }
  }

  /**
   * Downloads a blob into the store without unpacking it, verifying size and digest.
   *
   * @return bytes downloaded and the offset the download resumed from
   */
  private long[] spool(RegistryClient client, Descriptor layer, Ingest ingest) throws IOException {
    long resumedFrom = ingest.offset();
    BlobResponse response = client.blob(layer.digest(), resumedFrom);
    if (resumedFrom > 0 && response.offset() == 0) {
      ingest.restart();
      resumedFrom = 0;
    }
    TeeInputStream network = new TeeInputStream(response.body(), ingest);
    InputStream source =
        resumedFrom > 0
            ? new SequenceInputStream(new BoundedRead(ingest.readExisting(), resumedFrom), network)
            : network;
    DigestingInputStream compressed =
        new DigestingInputStream(
            new SizeGuard(source, layer.size(), layer.digest()), layer.digest().algorithm());
    try (compressed) {
      drain(compressed);
    } catch (IOException | RuntimeException e) {
      if (!network.failed()) {
        ingest.discard();
      }
      throw e;
    }
    ingest.commit(compressed.digest(), compressed.count());
    return new long[] {network.count(), resumedFrom};
  }

  private Applied unpackStored(Path stored, Descriptor layer, Digest diffId, Path temporary)
      throws IOException {
    // stored blobs are not fsynced (see Ingest#commit): verify them again in the same pass
    DigestingInputStream blob =
        new DigestingInputStream(Files.newInputStream(stored), layer.digest().algorithm());
    Applied applied;
    try (blob) {
      applied = applyStreaming(blob, layer, diffId, temporary);
    } catch (IOException | RuntimeException e) {
      // damage usually shows first as a decompression error
      if (!intact(stored, layer)) {
        throw damaged(layer, e);
      }
      throw e;
    }
    if (!blob.digest().equals(layer.digest()) || blob.count() != layer.size()) {
      throw damaged(layer, null);
    }
    try {
      checkDiffId(layer, diffId, applied.diffId());
    } catch (DigestMismatchException e) {
      content.delete(layer.digest()); // as after a download: the image does not hold together
      throw e;
    }
    return applied;
  }

  private Applied download(
      RegistryClient client,
      Descriptor layer,
      Digest diffId,
      Path temporary,
      PullListener listener,
      Ingest ingest)
      throws IOException {
    long resumedFrom = ingest.offset();
    BlobResponse response = client.blob(layer.digest(), resumedFrom);
    if (resumedFrom > 0 && response.offset() == 0) {
      ingest.restart(); // the registry ignored the Range: start over
      resumedFrom = 0;
    }
    TeeInputStream network = new TeeInputStream(response.body(), ingest);
    InputStream source =
        resumedFrom > 0
            ? new SequenceInputStream(new BoundedRead(ingest.readExisting(), resumedFrom), network)
            : network;
    DigestingInputStream compressed =
        new DigestingInputStream(
            new SizeGuard(source, layer.size(), layer.digest()), layer.digest().algorithm());
    Applied applied;
    try (ReadAhead ahead = new ReadAhead(compressed, "berth-fetch-" + layer.digest().shortHex())) {
      applied = applyStreaming(ahead, layer, diffId, temporary);
    } catch (IOException | RuntimeException e) {
      if (!network.failed()) {
        // bad bytes, not a broken connection: they must not be resumed
        ingest.discard();
      }
      throw e;
    }
    ingest.commit(compressed.digest(), compressed.count()); // discards and throws on mismatch
    try {
      checkDiffId(layer, diffId, applied.diffId());
    } catch (DigestMismatchException e) {
      // the blob is what the manifest promised, but the image does not hold together
      content.delete(layer.digest());
      throw e;
    }
    listener.layerUnpacked(layer, network.count(), resumedFrom);
    return applied;
  }

  private Applied applyStreaming(
      InputStream compressed, Descriptor layer, Digest diffId, Path temporary) throws IOException {
    // the tar reader asks for 512-byte records: without a buffer each one is a call into zlib or
    // zstd (or a read(2) of a stored plain tar) and a digest update of its own
    InputStream tar =
        new BufferedInputStream(Decompression.open(compressed, layer.mediaType()), TAR_BUFFER);
    DigestingInputStream uncompressed = new DigestingInputStream(tar, diffId.algorithm());
    LayerApplier.Result result = applier.apply(uncompressed, temporary);
    drain(uncompressed); // the diff ID covers the end-of-archive blocks and any padding
    drain(compressed);
    return new Applied(uncompressed.digest(), uncompressed.count(), result.implicitDirectories());
  }

  private static boolean intact(Path blob, Descriptor layer) throws IOException {
    try (DigestingInputStream in =
        new DigestingInputStream(Files.newInputStream(blob), layer.digest().algorithm())) {
      drain(in);
      return in.count() == layer.size() && in.digest().equals(layer.digest());
    }
  }

  private DigestMismatchException damaged(Descriptor layer, Exception cause) throws IOException {
    content.delete(layer.digest());
    DigestMismatchException e =
        new DigestMismatchException(
            "stored blob " + layer.digest() + " is damaged and was deleted; pull again");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static void checkDiffId(Descriptor layer, Digest expected, Digest actual)
      throws DigestMismatchException {
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(
          "layer "
              + layer.digest()
              + " uncompressed to "
              + actual
              + " but the image config lists diff ID "
              + expected);
    }
  }

  private record Applied(Digest diffId, long size, List<String> implicitDirectories) {}

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[DRAIN_BUFFER];
    while (in.read(buffer) >= 0) {
      // read to the end so that the digest covers every byte
    }
  }

  /** Appends every byte read from the network to the ingest file. */
  private static final class TeeInputStream extends FilterInputStream {
    private final Ingest ingest;
    private long count;
    private volatile boolean failed;

    TeeInputStream(InputStream in, Ingest ingest) {
      super(in);
      this.ingest = ingest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
      if (n > 0) {
        ingest.append(b, off, n);
        count += n;
      }
      return n;
    }

    /** True when reading from the registry failed (the bytes so far are still good). */
    boolean failed() {
      return failed;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, DRAIN_BUFFER)];
      int r = read(buffer, 0, buffer.length);
      return Math.max(r, 0);
    }

    long count() {
      return count;
    }
  }

  /** Reads at most {@code limit} bytes of a stream (the partial file, which grows meanwhile). */
  private static final class BoundedRead extends FilterInputStream {
    private long remaining;

    BoundedRead(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  /** Stops a blob that is longer than its descriptor says, before it fills the disk. */
  private static final class SizeGuard extends FilterInputStream {
    private final long size;
    private final Digest digest;
    private long count;

    SizeGuard(InputStream in, long size, Digest digest) {
      super(in);
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > size) {
          throw new DigestMismatchException(
              "blob " + digest + " is longer than the " + size + " bytes its descriptor says");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, DRAIN_BUFFER)];
      int r = read(buffer, 0, buffer.length);
      return Math.max(r, 0);
    }
  }
}
