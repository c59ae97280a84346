package dev.berth.registry.blob;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.DigestingInputStream;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.error.DigestMismatchException;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.error.UploadUnknownException;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.UploadWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Blob uploads: monolithic, chunked and streamed. Bytes are hashed as they arrive so that
 * completing an upload needs no second pass; when this replica did not see every chunk (another
 * replica took some, or the server restarted), the digest is recomputed from the stored bytes.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">distribution-spec
 *     pushing blobs</a>
 */
@Service
public class UploadService {
  private static final int BUFFER_SIZE = 256 * 1024;
  private static final int WRITE_SIZE = 64 * 1024;
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final BlobStorage storage;
  private final UploadSessions sessions;
  private final BlobService blobs;
  private final RepositoryService repositories;
  private final Map<String, HashState> hashes = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public UploadService(
      BlobStorage storage,
      UploadSessions sessions,
      BlobService blobs,
      RepositoryService repositories) {
    this.storage = storage;
    this.sessions = sessions;
    this.blobs = blobs;
    this.repositories = repositories;
  }

  /** Opens a new upload session in {@code repository}. */
  public UploadStatus start(RepositoryName repository) {
    blobs.requirePushable(repository);
    String id = UUID.randomUUID().toString();
    try {
      storage.append(id).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sessions.save(new UploadSession(id, repository.value(), Instant.now()));
    hashes.put(id, new HashState());
    return new UploadStatus(id, 0);
  }

  /**
   * Appends a chunk.
   *
   * @param rangeStart the first byte offset the client says this chunk starts at, or null when the
   *     client streams without {@code Content-Range}
   * @throws RegistryException RANGE_INVALID (416) when the chunk does not start where the upload
   *     ends
   */
  public UploadStatus append(
      RepositoryName repository, String id, InputStream body, Long rangeStart) {
    blobs.requirePushable(repository);
    UploadSession session = session(repository, id);
    synchronized (lock(id)) {
      long size = currentSize(id);
      if (rangeStart != null && rangeStart != size) {
        UploadStatus status = new UploadStatus(id, size);
        throw new RegistryException(
            ErrorCode.RANGE_INVALID,
            "chunk starts at " + rangeStart + " but the upload holds " + size + " bytes",
            null,
            Map.of("Range", status.range()));
      }
      long newSize = write(id, body);
      session.recordSize(newSize, Instant.now());
      sessions.save(session);
      return new UploadStatus(id, newSize);
    }
  }

  /** The session's progress. */
  public UploadStatus status(RepositoryName repository, String id) {
    session(repository, id);
    return new UploadStatus(id, currentSize(id));
  }

  /**
   * Completes an upload: appends the final chunk (if any), checks the digest and publishes the
   * blob. On a digest mismatch the upload is discarded and nothing is stored.
   */
  public Digest complete(
      RepositoryName repository, String id, Digest expected, InputStream finalChunk) {
    blobs.requirePushable(repository);
    session(repository, id);
    synchronized (lock(id)) {
      try {
        if (finalChunk != null) {
          write(id, finalChunk);
        }
        publish(repository, id, expected);
      } finally {
        sessions.deleteById(id);
        forget(id);
      }
      return expected;
    }
  }

  /** A whole blob in one request ({@code POST ?digest=} with a body). */
  public Digest uploadMonolithic(RepositoryName repository, Digest expected, InputStream body) {
    blobs.requirePushable(repository);
    String id = UUID.randomUUID().toString();
    hashes.put(id, new HashState());
    try {
      write(id, body);
      publish(repository, id, expected);
      return expected;
    } finally {
      forget(id);
    }
  }

  /** Cancels an upload and discards its bytes. */
  public void cancel(RepositoryName repository, String id) {
    blobs.requirePushable(repository);
    session(repository, id);
    synchronized (lock(id)) {
      discard(id);
      sessions.deleteById(id);
      forget(id);
    }
  }

  /** Discards an abandoned upload found by the purger. */
  void purge(String id) {
    synchronized (lock(id)) {
      discard(id);
      sessions.deleteById(id);
      forget(id);
    }
  }

  private void publish(RepositoryName repository, String id, Digest expected) {
    try {
      long size = currentSize(id);
      Digest actual = digestOf(id, expected.algorithm(), size);
      if (!actual.equals(expected)) {
        discard(id);
        throw new DigestMismatchException(expected, actual);
      }
      blobs.publish(repositories.findOrCreate(repository), id, expected, size);
    } catch (IOException e) {
      discard(id);
      throw new UncheckedIOException(e);
    }
  }

  private Digest digestOf(String id, DigestAlgorithm algorithm, long size) throws IOException {
    HashState state = hashes.get(id);
    if (algorithm == DigestAlgorithm.SHA256 && state != null && state.offset == size) {
      return Digest.fromBytes(algorithm, state.digest.digest());
    }
    try (DigestingInputStream in = new DigestingInputStream(storage.readUpload(id), algorithm)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return in.digest();
    }
  }

  private long write(String id, InputStream body) {
    HashState state = hashes.get(id);
    byte[] buffer = new byte[BUFFER_SIZE];
    ByteBuffer wrapper = ByteBuffer.wrap(buffer);
    try (UploadWriter writer = storage.append(id)) {
      if (state != null && state.offset != writer.size()) {
        hashes.remove(id);
        state = null;
      }
      int read;
      // Fill the whole buffer before writing: the servlet stream hands out one socket buffer
      // (a few KiB) per read, and writes of 64 KiB keep a large push from being syscall-bound.
      // Not larger: the JDK copies a heap buffer into a direct buffer of the write's size for
      // every channel write and keeps that direct buffer for the thread, so 256 KiB writes left
      // 256 KiB of native memory behind in every request thread that ever took an upload.
      while ((read = body.readNBytes(buffer, 0, buffer.length)) > 0) {
        for (int offset = 0; offset < read; offset += WRITE_SIZE) {
          wrapper.limit(Math.min(read, offset + WRITE_SIZE)).position(offset);
          writer.write(wrapper);
        }
        if (state != null) {
          state.digest.update(buffer, 0, read);
          state.offset += read;
        }
      }
      return writer.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private UploadSession session(RepositoryName repository, String id) {
    if (!UUID_FORM.matcher(id).matches()) {
      throw new UploadUnknownException(id);
    }
    return sessions
        .findById(id)
        .filter(session -> session.repository().equals(repository.value()))
        .orElseThrow(() -> new UploadUnknownException(id));
  }

  private long currentSize(String id) {
    try {
      Optional<Long> size = storage.uploadSize(id);
      return size.orElseThrow(() -> new UploadUnknownException(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void discard(String id) {
    try {
      storage.cancel(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Object lock(String id) {
    return locks.computeIfAbsent(id, key -> new Object());
  }

  private void forget(String id) {
    hashes.remove(id);
    locks.remove(id);
  }

  /** The running sha256 of an upload and how many bytes it covers. */
  private static final class HashState {
    final MessageDigest digest = DigestAlgorithm.SHA256.newMessageDigest();
    long offset;
  }
}
