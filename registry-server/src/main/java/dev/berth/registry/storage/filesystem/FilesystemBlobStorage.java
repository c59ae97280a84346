package dev.berth.registry.storage.filesystem;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobContent;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.UploadWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Blob storage in a local (or shared) filesystem directory.
 *
 * <pre>
 * ROOT/
 *   blobs/sha256/ab/ab12…ef      committed blobs, named by digest, read-only after commit
 *   blobs/sha512/…
 *   uploads/UUID                 bytes of an upload in progress (appended to, never read by clients)
 *   uploads/UUID.commit-UUID     an upload being published (fsynced, about to be renamed)
 * </pre>
 *
 * <p>Keys are a validated {@link Digest} (lowercase hex of fixed length) or an upload id that must
 * be a UUID, so no key can name a path outside ROOT. Publishing is a rename within one filesystem,
 * so readers see a whole blob or none.
 */
public final class FilesystemBlobStorage implements BlobStorage {
  private static final Pattern UPLOAD_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Path blobs;
  private final Path uploads;

  public FilesystemBlobStorage(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    this.blobs = Files.createDirectories(absolute.resolve("blobs"));
    this.uploads = Files.createDirectories(absolute.resolve("uploads"));
  }

  @Override
  public Optional<BlobContent> open(Digest digest, long expectedSize) throws IOException {
    Path path = blobPath(digest);
    try {
      long size = Files.size(path);
      if (size != expectedSize) {
        return Optional.empty();
      }
      return Optional.of(new FileContent(path, size));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Long> size(Digest digest) throws IOException {
    try {
      return Optional.of(Files.size(blobPath(digest)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public UploadWriter append(String uploadId) throws IOException {
    FileChannel channel =
        FileChannel.open(
            uploadPath(uploadId),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    return new FileUploadWriter(channel);
  }

  @Override
  public Optional<Long> uploadSize(String uploadId) throws IOException {
    try {
      return Optional.of(Files.size(uploadPath(uploadId)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream readUpload(String uploadId) throws IOException {
    return Files.newInputStream(uploadPath(uploadId));
  }

  @Override
  public void commit(String uploadId, Digest digest, long expectedSize) throws IOException {
    Path upload = uploadPath(uploadId);
    Path staged = uploads.resolve(uploadId + ".commit-" + UUID.randomUUID());
    // Claim the upload first so a concurrent append to the same id cannot change what we publish.
    Files.move(upload, staged, StandardCopyOption.ATOMIC_MOVE);
    try {
      try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        long size = channel.size();
        if (size != expectedSize) {
          throw new IOException(
              "upload " + uploadId + " has " + size + " bytes, expected " + expectedSize);
        }
        channel.force(true);
      }
      Path target = blobPath(digest);
      Optional<Long> existing = size(digest);
      if (existing.isPresent() && existing.get() == expectedSize) {
        return; // identical content is already published; never overwrite it
      }
      Files.createDirectories(target.getParent());
      moveAtomically(staged, target);
      fsyncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  @Override
  public void cancel(String uploadId) throws IOException {
    Files.deleteIfExists(uploadPath(uploadId));
  }

  @Override
  public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(blobPath(digest));
  }

  @Override
  public List<String> uploadsOlderThan(Instant cutoff) throws IOException {
    List<String> old = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(uploads)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String id = name.length() > 36 ? name.substring(0, 36) : name;
        if (!UPLOAD_ID.matcher(id).matches()) {
          continue;
        }
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        if (attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
          if (name.length() > 36) {
            Files.deleteIfExists(entry); // a commit interrupted by a crash
          } else {
            old.add(id);
          }
        }
      }
    }
    return old;
  }

  Path blobPath(Digest digest) {
    return blobs
        .resolve(digest.algorithm().id())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private Path uploadPath(String uploadId) {
    if (!UPLOAD_ID.matcher(uploadId).matches()) {
      throw new IllegalArgumentException("upload id must be a lowercase UUID: " + uploadId);
    }
    return uploads.resolve(uploadId);
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("blob store and uploads must be on one filesystem", e);
    }
  }

  private static void fsyncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some filesystems cannot fsync a directory; the rename is still atomic there.
    }
  }

  private record FileContent(Path path, long size) implements BlobContent {
    @Override
    public InputStream openStream(long offset) throws IOException {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(offset);
      return Channels.newInputStream(channel);
    }

    @Override
    public Optional<Path> localFile() {
      return Optional.of(path);
    }
  }

  private static final class FileUploadWriter implements UploadWriter {
    private final FileChannel channel;

    FileUploadWriter(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long size() {
      try {
        return channel.size();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
