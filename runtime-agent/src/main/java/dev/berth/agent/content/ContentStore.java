package dev.berth.agent.content;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The local content-addressed store: verified blobs by digest, plus resumable partial downloads.
 *
 * <pre>
 * content/
 *   blobs/sha256/HEX         committed: size and digest verified, never modified
 *   ingest/sha256-HEX        partial download, appended to; renamed into blobs/ on commit
 * </pre>
 *
 * <p>A blob is visible only after {@link Ingest#commit}; ingests of one digest are serialised
 * inside the JVM ({@link #lock}) and across processes (a file lock on the partial file).
 *
 * @see <a href="https://github.com/containerd/containerd/blob/main/docs/content-flow.md">containerd
 *     content flow</a>
 */
public final class ContentStore {
  private final Path blobs;
  private final Path ingest;
  private final ConcurrentHashMap<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

  public ContentStore(Path contentRoot) {
    this.blobs = contentRoot.resolve("blobs");
    this.ingest = contentRoot.resolve("ingest");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(ingest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create content store in " + contentRoot, e);
    }
  }

  /** Where a committed blob lives (it may not exist). */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm().id()).resolve(digest.hex());
  }

  /** The committed blob, if present. */
  public Optional<Path> find(Digest digest) {
    Path path = path(digest);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  /**
   * The in-process lock for one digest: hold it around check-then-ingest so that a blob shared by
   * several layers or concurrent pulls is downloaded once.
   */
  public ReentrantLock lock(Digest digest) {
    return locks.computeIfAbsent(digest, d -> new ReentrantLock());
  }

  /** Opens (or resumes) the partial download of {@code descriptor}'s blob. */
  public Ingest openIngest(Descriptor descriptor) throws IOException {
    Digest digest = descriptor.digest();
    Path partial = ingest.resolve(digest.algorithm().id() + "-" + digest.hex());
    return Ingest.open(partial, descriptor, this);
  }

  /** Verifies {@code bytes} against the descriptor and stores them (for manifests and configs). */
  public Path write(Descriptor descriptor, byte[] bytes) throws IOException {
    Digest actual = Digest.of(descriptor.digest().algorithm(), bytes);
    if (!actual.equals(descriptor.digest()) || bytes.length != descriptor.size()) {
      throw new DigestMismatchException(
          "blob " + descriptor.digest(),
          descriptor.digest(),
          descriptor.size(),
          actual,
          bytes.length);
    }
    Path target = path(descriptor.digest());
    if (Files.exists(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(ingest, "write-", ".tmp");
    try {
      Files.write(temp, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      commitFile(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  /** Reads a committed blob into memory; for small documents only. */
  public byte[] read(Digest digest) throws IOException {
    return Files.readAllBytes(path(digest));
  }

  /** Every committed blob. */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      Path dir = blobs.resolve(algorithm.id());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.forEach(
            f -> {
              String name = f.getFileName().toString();
              if (Digest.isValid(algorithm.id() + ":" + name)) {
                out.add(new Digest(algorithm, name));
              }
            });
      }
    }
    return out;
  }

  /** Deletes a committed blob; absent blobs are ignored. */
  public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(path(digest));
  }

  /** Deletes partial downloads that no one is writing (for prune). */
  public int deleteIdleIngests() throws IOException {
    int deleted = 0;
    try (Stream<Path> files = Files.list(ingest)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Ingest.deleteIfIdle(file)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /** Renames a verified temporary file into place; an existing blob is kept (same content). */
  static void commitFile(Path temp, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("content store must be on one filesystem: " + target, e);
    }
  }
}
