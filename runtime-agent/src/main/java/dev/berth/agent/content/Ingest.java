package dev.berth.agent.content;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One partial download of a blob: bytes are appended as they arrive, and the file is renamed into
 * the store only after the caller has verified the whole blob's size and digest.
 *
 * <p>Lifecycle: {@link ContentStore#openIngest} → {@link #append}… → {@link #commit} or {@link
 * #close} (keeps the partial bytes so a later pull resumes with an HTTP {@code Range}) or {@link
 * #discard} (after a mismatch: the bytes are wrong and must not be resumed).
 */
public final class Ingest implements AutoCloseable {
  private final Path partial;
  private final Descriptor descriptor;
  private final ContentStore store;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed;

  private Ingest(
      Path partial, Descriptor descriptor, ContentStore store, FileChannel channel, FileLock lock) {
    this.partial = partial;
    this.descriptor = descriptor;
    this.store = store;
    this.channel = channel;
    this.lock = lock;
  }

  static Ingest open(Path partial, Descriptor descriptor, ContentStore store) throws IOException {
    FileChannel channel =
        FileChannel.open(
            partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.lock(); // waits while another process downloads the same blob
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    Ingest ingest = new Ingest(partial, descriptor, store, channel, lock);
    if (channel.size() > descriptor.size()) {
      channel.truncate(0); // longer than the blob: cannot be a prefix of it
    }
    channel.position(channel.size());
    return ingest;
  }

  /** Bytes already on disk from an earlier, interrupted download. */
  public long offset() throws IOException {
    return channel.size();
  }

  /** The bytes already on disk, to re-hash before the remainder is appended. */
  public InputStream readExisting() throws IOException {
    return Files.newInputStream(partial);
  }

  /** Starts over, for a server that ignored the {@code Range} request. */
  public void restart() throws IOException {
    channel.truncate(0);
    channel.position(0);
  }

  /** Appends downloaded bytes. */
  public void append(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Moves the verified blob into the store.
   *
   * @param actual the digest the caller computed over every byte of the blob
   * @param actualSize the number of bytes it hashed
   * @throws DigestMismatchException when they differ from the descriptor; the partial file is
   *     deleted
   */
  public Path commit(Digest actual, long actualSize) throws IOException {
    if (!actual.equals(descriptor.digest())
        || actualSize != descriptor.size()
        || channel.size() != actualSize) {
      discard();
      throw new DigestMismatchException(
          "blob " + descriptor.digest(),
          descriptor.digest(),
          descriptor.size(),
          actual,
          actualSize);
    }
    // No fsync: a layer blob is as large as the layer, and syncing it doubled pull time. Every
    // read of a stored blob re-verifies its digest, so a blob torn by a crash is detected and
    // deleted instead of trusted.
    Path target = store.path(descriptor.digest());
    ContentStore.commitFile(partial, target);
    close();
    return target;
  }

  /** Deletes the partial bytes: they are known to be wrong. */
  public void discard() throws IOException {
    Files.deleteIfExists(partial);
    close();
  }

  /** Releases the file, keeping any partial bytes for a resume. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (channel.isOpen()) { // an interrupted writer closes the channel, and the lock with it
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  /** Deletes an ingest file if no process holds its lock. */
  static boolean deleteIfIdle(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // held by this JVM
      }
      if (lock == null) {
        return false;
      }
      try {
        Files.deleteIfExists(file);
        return true;
      } finally {
        lock.release();
      }
    }
  }
}
