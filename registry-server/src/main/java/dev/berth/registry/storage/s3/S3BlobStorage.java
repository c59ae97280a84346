package dev.berth.registry.storage.s3;

import dev.berth.oci.Digest;
import dev.berth.registry.storage.BlobContent;
import dev.berth.registry.storage.BlobStorage;
import dev.berth.registry.storage.UploadWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blob storage in an S3 bucket (AWS S3 or any S3-compatible store: MinIO, Ceph, Garage…), so that
 * several registry replicas can share one store.
 *
 * <p>An upload is a folder of part objects, one per chunk the client sent (see {@link ObjectKeys});
 * any replica can append the next part or commit, because the upload's size is the sum of its
 * parts. Commit assembles the parts into the blob's object with server-side copies (see {@link
 * BlobAssembler}); readers see the blob only once the copy is complete, because S3 publishes an
 * object atomically. An existing blob is never overwritten.
 */
public final class S3BlobStorage implements BlobStorage {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final ObjectKeys keys;
  private final Path spool;
  private final BlobAssembler assembler;

  /**
   * @param presigner signs redirect URLs for blob downloads, or null to stream them through the
   *     registry
   * @param spool a local directory for chunks on their way to the bucket
   */
  public S3BlobStorage(S3Client s3, S3Presigner presigner, String bucket, String prefix, Path spool)
      throws IOException {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.keys = new ObjectKeys(prefix);
    this.spool = Files.createDirectories(spool.toAbsolutePath().normalize());
    this.assembler = new BlobAssembler(s3, bucket, this.spool);
    call(() -> s3.headBucket(request -> request.bucket(bucket)), "bucket " + bucket);
  }

  @Override
  public Optional<BlobContent> open(Digest digest, long expectedSize) throws IOException {
    String key = keys.blob(digest);
    return objectSize(key)
        .filter(size -> size == expectedSize)
        .map(size -> new S3BlobContent(s3, presigner, bucket, key, size));
  }

  @Override
  public Optional<Long> size(Digest digest) throws IOException {
    return objectSize(keys.blob(digest));
  }

  @Override
  public UploadWriter append(String uploadId) throws IOException {
    List<S3Object> objects = listUpload(uploadId);
    if (objects.isEmpty()) {
      call(
          () ->
              s3.putObject(
                  request -> request.bucket(bucket).key(keys.started(uploadId)),
                  software.amazon.awssdk.core.sync.RequestBody.empty()),
          "upload " + uploadId);
    }
    long size = sizeOf(objects);
    Path spoolFile = spool.resolve(uploadId + "." + UUID.randomUUID());
    return new SpoolingUploadWriter(s3, bucket, keys.part(uploadId, size), size, spoolFile);
  }

  @Override
  public Optional<Long> uploadSize(String uploadId) throws IOException {
    List<S3Object> objects = listUpload(uploadId);
    return objects.isEmpty() ? Optional.empty() : Optional.of(sizeOf(objects));
  }

  @Override
  public InputStream readUpload(String uploadId) throws IOException {
    List<S3Object> parts = parts(listUpload(uploadId));
    Iterator<S3Object> next = parts.iterator();
    return new SequenceInputStream(
        new java.util.Enumeration<InputStream>() {
          @Override
          public boolean hasMoreElements() {
            return next.hasNext();
          }

          @Override
          public InputStream nextElement() {
            String key = next.next().key();
            return s3.getObject(request -> request.bucket(bucket).key(key));
          }
        });
  }

  @Override
  public void commit(String uploadId, Digest digest, long expectedSize) throws IOException {
    List<S3Object> parts = parts(listUpload(uploadId));
    try {
      long size = sizeOf(parts);
      if (size != expectedSize) {
        throw new IOException(
            "upload " + uploadId + " has " + size + " bytes, expected " + expectedSize);
      }
      String target = keys.blob(digest);
      if (objectSize(target).filter(existing -> existing == expectedSize).isPresent()) {
        return; // identical content is already published; never overwrite it
      }
      call(() -> assembler.assemble(parts, target), "blob " + digest);
    } finally {
      cancel(uploadId);
    }
  }

  @Override
  public void cancel(String uploadId) throws IOException {
    // One DELETE per object: an upload has a handful, and the batch call needs a checksum header
    // that not every S3-compatible store accepts.
    for (S3Object object : listUpload(uploadId)) {
      call(
          () -> s3.deleteObject(request -> request.bucket(bucket).key(object.key())), object.key());
    }
  }

  @Override
  public void delete(Digest digest) throws IOException {
    call(
        () -> s3.deleteObject(request -> request.bucket(bucket).key(keys.blob(digest))),
        "blob " + digest);
  }

  @Override
  public List<String> uploadsOlderThan(Instant cutoff) throws IOException {
    Map<String, Instant> lastWritten = new HashMap<>();
    for (S3Object object : list(keys.uploads())) {
      String id = keys.uploadIdOf(object.key());
      if (id != null) {
        lastWritten.merge(id, object.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<String> old = new ArrayList<>();
    lastWritten.forEach(
        (id, written) -> {
          if (written.isBefore(cutoff)) {
            old.add(id);
          }
        });
    Collections.sort(old);
    deleteSpoolFilesOlderThan(cutoff);
    return old;
  }

  /** Spool files outlive their writer only when the process died mid-chunk. */
  private void deleteSpoolFilesOlderThan(Instant cutoff) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private Optional<Long> objectSize(String key) throws IOException {
    try {
      return Optional.of(
          call(() -> s3.headObject(request -> request.bucket(bucket).key(key)), key)
              .contentLength());
    } catch (IOException e) {
      if (e.getCause() instanceof NoSuchKeyException
          || (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private List<S3Object> listUpload(String uploadId) throws IOException {
    return list(keys.upload(uploadId));
  }

  private List<S3Object> list(String prefix) throws IOException {
    return call(
        () ->
            s3
                .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                .contents()
                .stream()
                .toList(),
        prefix);
  }

  private static List<S3Object> parts(List<S3Object> objects) {
    // Keys are listed in byte order, and a part's name is its zero-padded offset.
    return objects.stream().filter(object -> ObjectKeys.isPart(object.key())).toList();
  }

  private static long sizeOf(List<S3Object> objects) {
    return objects.stream().mapToLong(S3Object::size).sum();
  }

  /** Runs an SDK call, turning its unchecked failures into the SPI's {@link IOException}. */
  private static <T> T call(SdkCall<T> call, String what) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw new IOException("object storage failed on " + what + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface SdkCall<T> {
    T run() throws IOException;
  }
}
